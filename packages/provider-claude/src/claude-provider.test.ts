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

  it('uses an injected client as it is', async () => {
    const client = new Anthropic({ baseURL: sim.baseURL, apiKey: 'sk-injected', maxRetries: 0 });
    const claude = createClaude({ client });
    expect(claude.client).toBe(client);
    await claude('claude-haiku-4-5').generate(hello);
    expect(sim.requests[0]?.headers.authorization).toBe('Bearer sk-injected');
  });

  it('needs a key, and says where to put it', () => {
    vi.stubEnv('ANTHROPIC_API_KEY', '');
    const attempt = () => createClaude({ baseURL: sim.baseURL });
    expect(attempt).toThrow(LlmuxError);
    expect(attempt).toThrow(/"apiKey" or set ANTHROPIC_API_KEY/);
  });

  it.each([
    [{ timeoutMs: -1 }, '"timeoutMs"'],
    [{ defaultMaxOutputTokens: 0.5 }, '"defaultMaxOutputTokens"'],
    [{ baseURL: 'not a url' }, '"baseURL"'],
  ])('refuses %j naming the option', (options, field) => {
    expect(() => createClaude({ apiKey: 'k', ...options })).toThrow(field);
  });

  it('refuses an empty model id', () => {
    expect(() => createClaude({ apiKey: 'k' })('')).toThrow('"modelId"');
  });

  it('gives up after timeoutMs with a timeout error', async () => {
    sim.fault({ type: 'hang' });
    const model = createClaude({ baseURL: sim.baseURL, apiKey: 'k', timeoutMs: 50 })(
      'claude-haiku-4-5',
    );
    await expect(model.generate(hello)).rejects.toMatchObject({ kind: 'timeout', retryable: true });
  });
});
