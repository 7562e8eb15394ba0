import { randomUUID } from 'node:crypto';
import { emptyUsage, LlmuxError } from '@llmux/core';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from './memory-store.js';
import type { RateLimitStore } from './rate-limit-store.js';
import { createRedisStore } from './redis-store.js';
import { ask, setup } from './test-fixtures.js';

/** A batch answer of the mock model: 100 input and 50 output tokens at $0.20. */
const batchAnswer = {
  usage: { ...emptyUsage(), inputTokens: 100, outputTokens: 50 },
  costUsd: 0.2,
};

let redis: ReturnType<typeof createClient>;
beforeAll(async () => {
  redis = createClient({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
  redis.on('error', () => {});
  await redis.connect();
});
afterAll(async () => {
  redis.destroy();
});

const stores: Array<[string, () => RateLimitStore]> = [
  ['memory', () => createMemoryStore()],
  [
    'Redis',
    () =>
      createRedisStore({
        client: redis as unknown as Parameters<typeof createRedisStore>[0]['client'],
        prefix: `llmux-test-charge-${randomUUID()}`,
      }),
  ],
];

describe.each(stores)('charge, on the %s store', (_, makeStore) => {
  it("counts a call made elsewhere against the tenant's requests, tokens and spend", async () => {
    const { model } = setup({
      store: makeStore(),
      mode: 'fail-fast',
      limits: { tenants: { acme: { requestsPerMinute: 3, spendPerMonthUsd: 1 } } },
    });
    await model.charge({ tenant: 'acme', ...batchAnswer });
    await model.charge({ tenant: 'acme', ...batchAnswer });
    expect((await model.spend('acme')).monthUsd).toBeCloseTo(0.4, 10);
    // Two of the three requests a minute are the batch's: one live call is left.
    await model.generate(ask({ metadata: { tenant: 'acme' } }));
    const refused = await model.generate(ask({ metadata: { tenant: 'acme' } })).catch((e) => e);
    expect(LlmuxError.isInstance(refused) && refused.kind).toBe('rate_limited');
  });

  it('never refuses: a batch that went past the budget is counted, and live calls are refused', async () => {
    const { model } = setup({
      store: makeStore(),
      mode: 'fail-fast',
      limits: { tenants: { acme: { spendPerMonthUsd: 0.3 } } },
    });
    await model.charge({ tenant: 'acme', ...batchAnswer });
    await model.charge({ tenant: 'acme', ...batchAnswer });
    expect((await model.spend('acme')).monthUsd).toBeCloseTo(0.4, 10);
    const refused = await model.generate(ask({ metadata: { tenant: 'acme' } })).catch((e) => e);
    expect(LlmuxError.isInstance(refused) && refused.kind).toBe('budget_exceeded');
  });

  it('counts while the model is paused after a 429: the call was made anyway', async () => {
    const { model } = setup(
      {
        store: makeStore(),
        mode: 'fail-fast',
        limits: { tenants: { acme: { spendPerMonthUsd: 10 } } },
      },
      {
        script: {
          error: new LlmuxError({ kind: 'rate_limited', message: '429', retryAfterMs: 60_000 }),
        },
      },
    );
    await model.generate(ask({ metadata: { tenant: 'acme' } })).catch(() => {});
    await model.charge({ tenant: 'acme', ...batchAnswer });
    expect((await model.spend('acme')).monthUsd).toBeCloseTo(0.2, 10);
  });
});
