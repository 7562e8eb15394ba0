import { createClient } from 'redis';
import { afterAll, beforeAll, test } from 'vitest';
import { createMemoryStore } from '../src/memory-store.js';
import type { RateLimitStore } from '../src/rate-limit-store.js';
import { createRedisStore } from '../src/redis-store.js';
import { planReservation, settlementOf } from '../src/reservation.js';
import { pauseKeyOf, scopesFor } from '../src/scopes.js';

/**
 * Reservations per second against the memory store and the Redis on 127.0.0.1:6379: one
 * reservation and its settlement, with the limits of a busy deployment (global, provider, model
 * and tenant scopes; requests, tokens, concurrency and spend), limits high enough never to refuse.
 * `hz` in the table is reservations (each with its settlement) per second.
 */

const client = createClient({ url: 'redis://127.0.0.1:6379' });
const prefix = `llmux-bench:ratelimit:${process.pid}-${Date.now()}`;
const big = 1e12;
const limits = {
  global: { requestsPerMinute: big, spendPerDayUsd: big },
  provider: { requestsPerMinute: big, tokensPerMinute: big },
  model: {
    requestsPerMinute: big,
    tokensPerMinute: big,
    tokensPerDay: big,
    concurrentRequests: big,
  },
  tenant: { requestsPerMinute: big, spendPerMonthUsd: big },
};
const target = { provider: 'openai', model: 'gpt-4.1', tenant: 'acme' };
const scopes = scopesFor(limits, target);
let ids = 0;

async function reserveAndSettle(store: RateLimitStore): Promise<void> {
  const now = Date.now();
  const plan = planReservation({
    scopes,
    pauseKey: pauseKeyOf(target),
    estimate: { tokens: 1_200, usd: 0.01 },
    now,
    id: `bench-${++ids}`,
    leaseMs: 5_000,
    share: 1,
  });
  const outcome = await store.reserve(plan);
  if (!outcome.ok) throw new Error(`refused: ${outcome.blockedBy}`);
  await store.settle(settlementOf(plan, now, { tokens: 1_200, usd: 0.008 }));
}

const memory = createMemoryStore();
let redis: RateLimitStore;

beforeAll(async () => {
  await client.connect();
  redis = createRedisStore({ client, prefix });
});

afterAll(async () => {
  for await (const keys of client.scanIterator({ MATCH: `{${prefix}}:*`, COUNT: 500 })) {
    if (keys.length) await client.del(keys);
  }
  client.destroy();
});

const run = { time: 1_000 };
const concurrently = (store: () => RateLimitStore) => () =>
  Promise.all(Array.from({ length: 32 }, () => reserveAndSettle(store()))).then(() => undefined);

test('reservations per second, one at a time and 32 at once', async ({ bench }) => {
  const results = await bench.compare(
    bench('memory', () => reserveAndSettle(memory)),
    bench('redis', () => reserveAndSettle(redis)),
    bench(
      'memory ×32',
      concurrently(() => memory),
    ),
    bench(
      'redis ×32',
      concurrently(() => redis),
    ),
    run,
  );
  const rows = (['memory', 'redis', 'memory ×32', 'redis ×32'] as const).map((name) => {
    const perCall = name.endsWith('×32') ? 32 : 1;
    const result = results.get(name);
    return { store: name, 'reservations/s': Math.round(result.throughput.mean * perCall) };
  });
  console.table(rows);
});
