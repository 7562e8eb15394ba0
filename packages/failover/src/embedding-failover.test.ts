import { createManualClock, type EmbeddingModel, healthKey } from '@llmux/core';
import { createGemini } from '@llmux/provider-gemini';
import { createOpenAI } from '@llmux/provider-openai';
import { type Simulator, simulatedEmbedding, startSimulator } from '@llmux/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddingFailover } from './embedding-failover.js';
import { recorder, START } from './test-support.js';

/** Waits on I/O, not on time, until `done` holds. */
const until = async (done: () => boolean) => {
  for (let i = 0; i < 10_000 && !done(); i++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect(done()).toBe(true);
};

const clock = createManualClock(START);
let openaiSim: Simulator;
let geminiSim: Simulator;
beforeAll(async () => {
  [openaiSim, geminiSim] = await Promise.all([
    startSimulator('openai', { clock }),
    startSimulator('gemini', { clock }),
  ]);
});
afterEach(() => {
  openaiSim.reset();
  geminiSim.reset();
});
afterAll(() => Promise.all([openaiSim.close(), geminiSim.close()]));

/** text-embedding-3-small and gemini-embedding-001, both at 768, on the simulators. */
const models = (size = 768): EmbeddingModel[] => [
  createOpenAI({ apiKey: 'sk', baseURL: openaiSim.baseURL, clock }).embedding(
    'text-embedding-3-small',
    { dimensions: size },
  ),
  createGemini({ apiKey: 'gm', baseURL: geminiSim.baseURL, clock }).embedding(
    'gemini-embedding-001',
    { dimensions: 768 },
  ),
];

describe('createEmbeddingFailover', () => {
  it('moves on to a model of the same size when the first is down, keeping the order of the vectors', async () => {
    const { observer, of } = recorder();
    const failover = createEmbeddingFailover({
      models: models(),
      clock,
      observer,
      retry: { maxAttempts: 1 },
    });
    expect(failover).toMatchObject({ provider: 'failover', dimensions: 768 });
    openaiSim.fault({ type: 'status', status: 500 });
    const response = await failover.embed({ inputs: ['one', 'two'] });
    expect(response).toMatchObject({ provider: 'gemini', model: 'gemini-embedding-001' });
    expect(response.embeddings).toEqual([
      simulatedEmbedding('one', 768),
      simulatedEmbedding('two', 768),
    ]);
    expect(response.trace.attempts.map((a) => [a.provider, a.outcome, a.status])).toEqual([
      ['openai', 'error', 500],
      ['gemini', 'success', undefined],
    ]);
    expect(of('failover')).toHaveLength(1);
  });

  it('retries a 429 after its retry-after before moving on', async () => {
    const { observer, of } = recorder();
    const failover = createEmbeddingFailover({
      models: models(),
      clock,
      observer,
      retry: { maxAttempts: 2, baseMs: 100, capMs: 5_000 },
    });
    openaiSim.fault({ type: 'rate-limit', retryAfterSeconds: 1 });
    const call = failover.embed({ inputs: ['x'] });
    // The 429 comes over real HTTP; only then is the retry's sleep on the clock to move past.
    await until(() => of('retry').length === 1);
    await clock.advance(1000);
    const response = await call;
    expect(response.provider).toBe('openai');
    expect(of('retry')).toMatchObject([
      { provider: 'openai', delayMs: 1000, errorKind: 'rate_limited' },
    ]);
    expect(geminiSim.counters.requests).toBe(0);
  });

  it('skips a candidate whose circuit the breaker opened, and follows a route plan', async () => {
    const failover = createEmbeddingFailover({
      models: models(),
      clock,
      retry: { maxAttempts: 1 },
      breaker: { consecutiveFailures: 1, openMs: 60_000, maxOpenShare: 0.5 },
    });
    openaiSim.fault({ type: 'status', status: 503 });
    await failover.embed({ inputs: ['a'] });
    const skipped = await failover.embed({ inputs: ['b'] });
    expect(skipped.trace.attempts.map((a) => a.provider)).toEqual(['gemini']);
    expect(openaiSim.counters.requests).toBe(1);
    const planned = await failover.embed({
      inputs: ['c'],
      route: {
        reason: 'pinned',
        candidates: [{ provider: 'gemini', model: 'gemini-embedding-001', reason: 'pinned' }],
      },
    });
    expect(planned.trace).toMatchObject({ routeReason: 'pinned', plan: [{ provider: 'gemini' }] });
  });

  it("fails with the request's own error, not moving on, when the request is invalid", async () => {
    const failover = createEmbeddingFailover({ models: models(), clock });
    await expect(failover.embed({ inputs: [''] })).rejects.toMatchObject({
      kind: 'invalid_request',
      message: expect.stringContaining('request.inputs[0]'),
    });
    expect(geminiSim.counters.requests + openaiSim.counters.requests).toBe(0);
  });

  it('refuses, when configured, models of different sizes', () => {
    expect(() => createEmbeddingFailover({ models: models(1536), clock })).toThrow(
      `embedding models of different sizes cannot fail over to each other, their vectors could not share an index (${healthKey('openai', 'text-embedding-3-small')} 1536, ${healthKey('gemini', 'gemini-embedding-001')} 768)`,
    );
  });

  it('refuses what is not an embedding model, and hedging', () => {
    expect(() =>
      createEmbeddingFailover({ models: [{ provider: 'x', modelId: 'y' } as never] }),
    ).toThrow('Invalid option "models[0]"');
    expect(() =>
      createEmbeddingFailover({ models: models(), hedge: { delayMs: 10 } } as never),
    ).toThrow('Invalid option "hedge"');
  });
});
