import { LlmuxError } from '@llmux/core';
import { afterEach, describe, expect, it } from 'vitest';
import { ollamaDialect } from '../ollama/ollama-dialect.js';
import type { StreamFraming } from './framing.js';
import { type Simulator, startSimulator } from './start-simulator.js';
import type { SimulatorDialect } from './types.js';

const open: Simulator[] = [];
const start = async (...args: Parameters<typeof startSimulator>) => {
  const sim = await startSimulator(...args);
  open.push(sim);
  return sim;
};
afterEach(async () => {
  await Promise.all(open.splice(0).map((sim) => sim.close()));
});

/** A framing the engine does not know: the frames as one JSON array, as Gemini sends without SSE. */
const jsonArrayFraming: StreamFraming = {
  contentType: 'application/json',
  open: '[',
  encode: (frame, index) => `${index === 0 ? '' : ',\r\n'}${frame.data}`,
  close: ']',
};

/** A provider no registry knows: Ollama's wire format under another name, path and framing. */
const acme: SimulatorDialect = {
  ...ollamaDialect,
  provider: 'acme',
  baseURL: (url) => `${url}/acme/`,
  framing: jsonArrayFraming,
  route: (method, url) =>
    method === 'POST' && url.pathname === '/acme/api/chat'
      ? { operation: 'generate', stream: false }
      : undefined,
  embedBody: undefined,
};

const chat = (sim: Simulator, body: Record<string, unknown> = {}) =>
  fetch(new URL('api/chat', sim.baseURL), {
    method: 'POST',
    body: JSON.stringify({
      model: 'm',
      messages: [{ role: 'user', content: 'hi there' }],
      ...body,
    }),
  });

describe('a dialect object for a provider the engine does not know', () => {
  it('serves at its own base URL, in its own framing', async () => {
    const sim = await start(acme, { behavior: { chunkSize: 3 } });
    expect(sim.provider).toBe('acme');
    expect(sim.baseURL).toBe(`${sim.url}/acme/`);
    const response = await chat(sim);
    expect(response.headers.get('content-type')).toBe('application/json');
    const frames = JSON.parse(await response.text()) as Array<{ message: { content: string } }>;
    expect(frames.map((frame) => frame.message.content).join('')).toBe('Echo: hi there');
    expect(frames.length).toBeGreaterThan(3);
  });

  it('closes its framing after an in-stream error, and not after a cut', async () => {
    const sim = await start(acme);
    sim.fault({ type: 'stream-error', afterFrames: 1, message: 'model crashed' });
    const errored = JSON.parse(await (await chat(sim)).text()) as unknown[];
    expect(errored.at(-1)).toEqual({ error: 'model crashed' });
    sim.fault({ type: 'cut-stream', afterFrames: 1 });
    await expect((await chat(sim)).text()).rejects.toThrow('terminated');
  });

  it('is checked when it starts, each problem named', async () => {
    const cases: Array<[unknown, string]> = [
      [{ ...acme, provider: '' }, '"provider" must be a non-empty string'],
      [{ ...acme, parse: undefined }, '"parse" must be a function'],
      [{ ...acme, framing: { contentType: 'x' } }, '"framing.encode" must be a function'],
      [
        { ...acme, capabilities: { countTokens: true } },
        '"capabilities.countTokens" must be false',
      ],
    ];
    for (const [dialect, message] of cases) {
      const failure = startSimulator(dialect as SimulatorDialect);
      await expect(failure).rejects.toThrow(LlmuxError);
      await expect(failure).rejects.toThrow(message);
    }
    await expect(startSimulator('acme')).rejects.toThrow(
      'must be one of anthropic, openai, gemini, ollama or a dialect object; got "acme"',
    );
  });
});

describe('capability flags', () => {
  it('serve no endpoint the provider lacks: 404 in its error shape', async () => {
    const sim = await start(acme);
    expect(sim.capabilities).toMatchObject({ embeddings: false, countTokens: false });
    const withEmbed = await start({
      ...acme,
      route: () => ({ operation: 'embed', stream: false }),
    });
    const response = await fetch(`${withEmbed.url}/anything`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'Not found: POST /anything' });
  });

  it("refuse a script asking for what the provider lacks, and take it where it doesn't", async () => {
    const sim = await start(acme);
    expect(() => sim.configure({ reply: { usage: { cacheReadTokens: 10 } } })).toThrow(
      'Simulator behavior "reply.usage.cacheReadTokens" cannot be set: acme reports no prompt-cache usage',
    );
    sim.configure({ reply: () => ({ finishReason: 'content-filter' }) });
    const response = await chat(sim, { stream: false });
    expect(response.status).toBe(500);
    expect(await response.text()).toContain('"reply.finishReason" cannot be content-filter');
    const anthropic = await start('anthropic');
    anthropic.configure({
      reply: { finishReason: 'content-filter', usage: { cacheReadTokens: 1 } },
    });
    expect(anthropic.capabilities).toEqual({
      promptCacheUsage: true,
      contentFilter: true,
      countTokens: true,
      embeddings: false,
      batch: true,
      rateLimitHeaders: true,
    });
  });
});
