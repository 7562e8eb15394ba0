import Anthropic from '@anthropic-ai/sdk';
import { LlmuxError } from '@llmux/core';
import { type Simulator, startSimulator } from '@llmux/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClaude } from './claude-provider.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator('anthropic');
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.reset();
  vi.unstubAllEnvs();
});

const hello = { messages: [{ role: 'user' as const, content: 'hello' }] };

describe('createClaude', () => {
  it('makes models by id that call the given base URL with the given key and headers', async () => {
    const claude = createClaude({
      baseURL: sim.baseURL,
      apiKey: 'sk-test',
      headers: { 'x-team': 'infra' },
    });
    const model = claude('claude-haiku-4-5');
    expect(model).toMatchObject({ provider: 'anthropic', modelId: 'claude-haiku-4-5' });
    expect(claude.languageModel('claude-sonnet-4-5').modelId).toBe('claude-sonnet-4-5');
    await model.generate(hello);
    const [received] = sim.requests;
    expect(received?.headers.authorization).toBe('Bearer sk-test');
    expect(received?.headers['x-team']).toBe('infra');
    expect(received?.model).toBe('claude-haiku-4-5');
  });

  it('sends apiModelId as the model, and answers under the catalog id at its price', async () => {
    const claude = createClaude({ baseURL: sim.baseURL, apiKey: 'k' });
    const model = claude('claude-haiku-4-5', { apiModelId: 'us.anthropic.claude-haiku-4-5-v1:0' });
    const response = await model.generate(hello);
    expect(sim.requests[0]?.model).toBe('us.anthropic.claude-haiku-4-5-v1:0');
    expect(response.model).toBe('claude-haiku-4-5');
    expect(response.costUsd).toBeGreaterThan(0);
    const events = [];
    for await (const event of model.stream(hello)) events.push(event);
    expect(sim.requests[1]?.model).toBe('us.anthropic.claude-haiku-4-5-v1:0');
    expect(events[0]).toMatchObject({ type: 'start', model: 'claude-haiku-4-5' });
    expect(() => claude('claude-haiku-4-5', { apiModelId: '' })).toThrow(/apiModelId/);
  });

  it('reads the key from ANTHROPIC_API_KEY', async () => {
    vi.stubEnv('ANTHROPIC_API_KEY', 'sk-from-env');
    await createClaude({ baseURL: sim.baseURL })('claude-haiku-4-5').generate(hello);
    expect(sim.requests[0]?.headers.authorization).toBe('Bearer sk-from-env');
  });

  it('turns the SDK retries off', async () => {
    sim.fault({ type: 'overloaded' }, { type: 'overloaded' });
    const model = createClaude({ baseURL: sim.baseURL, apiKey: 'k' })('claude-haiku-4-5');
    await expect(model.generate(hello)).rejects.toMatchObject({ kind: 'overloaded' });
    expect(sim.counters.requests).toBe(1);
  });

  it('uses an injected client as it is, still with one attempt per call', async () => {
    const client = new Anthropic({ baseURL: sim.baseURL, apiKey: 'sk-injected', maxRetries: 5 });
    const claude = createClaude({ client });
    expect(claude.client).toBe(client);
    await claude('claude-haiku-4-5').generate(hello);
    expect(sim.requests[0]?.headers.authorization).toBe('Bearer sk-injected');
    sim.reset();
    sim.fault({ fault: { type: 'overloaded' }, times: 3 });
    await expect(claude('claude-haiku-4-5').generate(hello)).rejects.toMatchObject({
      kind: 'overloaded',
    });
    const events = [];
    for await (const event of claude('claude-haiku-4-5').stream(hello)) events.push(event);
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { kind: 'overloaded' } });
    await expect(claude('claude-haiku-4-5').countTokens(hello)).rejects.toMatchObject({
      kind: 'overloaded',
    });
    expect(sim.counters.requests).toBe(3);
  });

  it('never prints, even with ANTHROPIC_LOG set', async () => {
    vi.stubEnv('ANTHROPIC_LOG', 'debug');
    const printed = (['log', 'debug', 'info', 'warn', 'error'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation(() => {}),
    );
    try {
      await createClaude({ baseURL: sim.baseURL, apiKey: 'k' })('claude-haiku-4-5').generate(hello);
      for (const spy of printed) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of printed) spy.mockRestore();
    }
  });

  it('needs a key, and says where to put it', () => {
    vi.stubEnv('ANTHROPIC_API_KEY', '');
    const attempt = () => createClaude({ baseURL: sim.baseURL });
    expect(attempt).toThrow(LlmuxError);
    expect(attempt).toThrow(/"apiKey" or set ANTHROPIC_API_KEY/);
  });

  it.each([
    [{ timeoutMs: -1 }, '"timeoutMs": expected a positive number of milliseconds, got -1'],
    [
      { defaultMaxOutputTokens: 0.5 },
      '"defaultMaxOutputTokens": expected a positive integer, got 0.5',
    ],
    [{ baseURL: 'not a url' }, '"baseURL": expected an http(s) URL, got "not a url"'],
    [
      { headers: { 'x-n': 1 as unknown as string } },
      '"headers": expected an object of string values, got object',
    ],
    [
      { client: new Anthropic({ apiKey: 'k' }), baseURL: 'http://localhost:1' },
      '"client": it cannot be combined with apiKey, baseURL; set them on the client',
    ],
  ])('refuses %j naming the option', (options, message) => {
    expect(() => createClaude({ apiKey: 'k', ...options })).toThrow(
      expect.objectContaining({
        kind: 'invalid_request',
        message: `Invalid createClaude setting ${message}`,
      }),
    );
  });

  it('refuses an empty model id', () => {
    expect(() => createClaude({ apiKey: 'k' })('')).toThrow(
      'Invalid createClaude setting "modelId": expected a non-empty string, got ""',
    );
  });

  it('gives up after timeoutMs with a timeout error', async () => {
    sim.fault({ type: 'hang' });
    const model = createClaude({ baseURL: sim.baseURL, apiKey: 'k', timeoutMs: 50 })(
      'claude-haiku-4-5',
    );
    await expect(model.generate(hello)).rejects.toMatchObject({ kind: 'timeout', retryable: true });
  });
});
