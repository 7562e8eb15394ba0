import { createManualClock, isLocalRefusal, LlmuxError } from '@llmux/core';
import { createOpenAI } from '@llmux/provider-openai';
import { createMockModel, type Simulator, startSimulator } from '@llmux/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from './memory-store.js';
import { rateLimitEmbedding } from './rate-limited-embedding-model.js';
import { rateLimit } from './rate-limited-model.js';
import { ask, catalog, T0 } from './test-fixtures.js';

let sim: Simulator;
const clock = createManualClock(T0);
beforeAll(async () => {
  sim = await startSimulator('openai', { clock });
});
afterEach(() => sim.reset());
afterAll(() => sim.close());

const embedder = () =>
  createOpenAI({ apiKey: 'sk', baseURL: sim.baseURL, clock }).embedding('text-embedding-3-small', {
    dimensions: 8,
  });

const failure = async (promise: Promise<unknown>): Promise<LlmuxError> => {
  try {
    await promise;
  } catch (error) {
    if (LlmuxError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
};

/** 20 characters: 5 tokens as core estimates them, and as the simulator counts them. */
const fiveTokens = 'x'.repeat(20);

describe('rateLimitEmbedding', () => {
  it("counts an embedding's input tokens against the token window, refusing past it before any call", async () => {
    const model = rateLimitEmbedding(embedder(), {
      limits: { model: { tokensPerMinute: 10 } },
      mode: 'fail-fast',
      clock,
    });
    expect(model).toMatchObject({
      provider: 'openai',
      modelId: 'text-embedding-3-small',
      dimensions: 8,
    });
    await model.embed({ inputs: [fiveTokens] });
    await model.embed({ inputs: [fiveTokens] });
    const error = await failure(model.embed({ inputs: [fiveTokens] }));
    expect(error).toMatchObject({ kind: 'rate_limited' });
    expect(error.message).toContain('tokensPerMinute limit of 10');
    expect(isLocalRefusal(error)).toBe(true);
    expect(sim.counters.requests).toBe(2);
  });

  it("charges an embedding's cost to the tenant's budget, which its generate calls share", async () => {
    const store = createMemoryStore();
    const limits = { tenants: { acme: { spendPerMonthUsd: 1 } } };
    const embeddings = rateLimitEmbedding(embedder(), { limits, store, clock });
    const chat = rateLimit(createMockModel({ clock, catalog, script: { text: 'ok' } }), {
      limits,
      store,
      clock,
      catalog,
    });
    const response = await embeddings.embed({
      inputs: [fiveTokens, fiveTokens],
      metadata: { tenant: 'acme' },
    });
    // 10 tokens at $0.02 per million.
    expect(response.costUsd).toBeCloseTo(10 * 0.02e-6, 15);
    expect((await embeddings.spend('acme')).monthUsd).toBeCloseTo(response.costUsd, 15);
    expect((await chat.spend('acme')).monthUsd).toBeCloseTo(response.costUsd, 15);
    const chatAnswer = await chat.generate(ask({ metadata: { tenant: 'acme' } }));
    expect((await embeddings.spend('acme')).monthUsd).toBeCloseTo(
      response.costUsd + chatAnswer.costUsd,
      15,
    );
  });

  it('refuses with budget_exceeded once the budget is spent', async () => {
    const model = rateLimitEmbedding(embedder(), {
      // Room for one call of 10 tokens ($0.0000002), not two.
      limits: { tenants: { acme: { spendPerMonthUsd: 0.0000003 } } },
      clock,
    });
    const tenTokens = { inputs: [fiveTokens.repeat(2)], metadata: { tenant: 'acme' } };
    await model.embed(tenTokens);
    const error = await failure(model.embed(tenTokens));
    expect(error.kind).toBe('budget_exceeded');
    expect(sim.counters.requests).toBe(1);
  });

  it("pauses the model for a provider 429's retry-after, and gives back what the call held", async () => {
    const model = rateLimitEmbedding(embedder(), {
      limits: { model: { tokensPerMinute: 10 } },
      mode: 'fail-fast',
      clock,
    });
    sim.fault({ type: 'rate-limit', retryAfterSeconds: 2 });
    expect((await failure(model.embed({ inputs: [fiveTokens] }))).kind).toBe('rate_limited');
    expect(
      await model.headroom({ provider: 'openai', model: 'text-embedding-3-small' }),
    ).toMatchObject({
      pausedUntil: T0 + 2000,
      tokens: 1,
    });
    const paused = await failure(model.embed({ inputs: [fiveTokens] }));
    expect(isLocalRefusal(paused)).toBe(true);
    await clock.advance(2000);
    await model.embed({ inputs: [fiveTokens, fiveTokens] });
    expect(sim.counters.requests).toBe(2);
  });
});
