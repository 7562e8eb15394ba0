import { randomUUID } from 'node:crypto';
import { createManualClock, createStoreBreaker, healthKey } from '@llmux/core';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCircuitBreaker } from './circuit-breaker.js';
import { describeHealthStore } from './health-store-contract.js';
import { createRedisHealthStore } from './redis-health-store.js';
import { START } from './test-support.js';

const client = createClient({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
// Unique per run: other test files use the same Redis at the same time.
const runPrefix = `llmux:test:failover:${randomUUID()}:`;
let stores = 0;
const nextPrefix = () => `${runPrefix}${++stores}:`;

beforeAll(async () => {
  await client.connect();
});

afterAll(async () => {
  const keys: string[] = [];
  for await (const batch of client.scanIterator({ MATCH: `{${runPrefix}*`, COUNT: 1000 })) {
    keys.push(...batch);
  }
  if (keys.length > 0) await client.del(keys);
  await client.close();
});

describeHealthStore('createRedisHealthStore', ({ clock, maxSamples }) =>
  createRedisHealthStore({ client, prefix: nextPrefix(), clock, maxSamples }),
);

describe('createRedisHealthStore', () => {
  const key = healthKey('anthropic', 'claude-sonnet-4-5');

  it('puts both keys of a model under one hash tag and lets them expire', async () => {
    const prefix = nextPrefix();
    const clock = createManualClock(START);
    const store = createRedisHealthStore({ client, prefix, clock, ttlMs: 5000 });
    await store.record(key, { ok: false, latencyMs: 10, at: clock.now() }, 60_000);
    await store.transition(key, 'closed', { state: 'open', since: clock.now() });
    const tag = `{${prefix}${key}}`;
    expect((await client.keys(`{${prefix}*`)).sort()).toEqual([`${tag}:samples`, `${tag}:state`]);
    for (const name of [`${tag}:samples`, `${tag}:state`]) {
      const ttl = await client.pTTL(name);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(5000);
    }
  });

  it('reads without creating keys', async () => {
    const prefix = nextPrefix();
    const store = createRedisHealthStore({ client, prefix, clock: createManualClock(START) });
    await store.read(key, 60_000);
    expect(await client.keys(`{${prefix}*`)).toEqual([]);
  });

  it('shares state between stores on the same keys, as processes of a fleet do', async () => {
    const prefix = nextPrefix();
    const clock = createManualClock(START);
    const one = createRedisHealthStore({ client, prefix, clock });
    const two = createRedisHealthStore({ client, prefix, clock });
    await one.record(key, { ok: false, latencyMs: 1, at: clock.now() }, 60_000);
    expect(
      await two.record(key, { ok: false, latencyMs: 1, at: clock.now() }, 60_000),
    ).toMatchObject({ samples: 2, consecutiveFailures: 2 });
    const wins = await Promise.all([
      one.transition(key, 'closed', { state: 'open', since: 1 }),
      two.transition(key, 'closed', { state: 'open', since: 2 }),
    ]);
    expect(wins.filter(Boolean)).toHaveLength(1);
  });

  it('loads its scripts again after a SCRIPT FLUSH', async () => {
    const store = createRedisHealthStore({
      client,
      prefix: nextPrefix(),
      clock: createManualClock(START),
    });
    await store.read(key, 1000);
    await client.scriptFlush();
    expect(await store.read(key, 1000)).toMatchObject({ samples: 0 });
  });

  it('fails fast with a network error while disconnected', async () => {
    const offline = createClient({ url: 'redis://127.0.0.1:6379' });
    const store = createRedisHealthStore({ client: offline, prefix: nextPrefix() });
    await expect(store.read(key, 1000)).rejects.toMatchObject({ kind: 'network' });
  });

  it('gives up on a command with a timeout error when Redis does not answer in time', async () => {
    const clock = createManualClock(START);
    const hung = {
      isReady: true,
      eval: () => new Promise<never>(() => {}),
      evalSha: () => new Promise<never>(() => {}),
    };
    const store = createRedisHealthStore({
      client: hung,
      prefix: nextPrefix(),
      clock,
      timeoutMs: 50,
    });
    const read = expect(store.read(key, 1000)).rejects.toMatchObject({ kind: 'timeout' });
    await clock.advance(50);
    await read;
    expect(clock.pending()).toBe(0);
  });

  it('with a breaker, stops waiting on a hung Redis after one timeout, and the circuit lets calls through', async () => {
    const clock = createManualClock(START);
    const hung = {
      isReady: true,
      eval: () => new Promise<never>(() => {}),
      evalSha: () => new Promise<never>(() => {}),
    };
    const breaker = createStoreBreaker({ clock, retryMs: 1000 });
    const store = createRedisHealthStore({ client: hung, prefix: nextPrefix(), clock, breaker });
    const first = expect(store.read(key, 1000)).rejects.toMatchObject({ kind: 'timeout' });
    await clock.advance(250);
    await first;
    // Down: every store on the client fails at once, without a timer, until retryMs has passed.
    const other = createRedisHealthStore({ client: hung, prefix: nextPrefix(), clock, breaker });
    await expect(other.read(key, 1000)).rejects.toMatchObject({ kind: 'network' });
    const circuits = createCircuitBreaker({ store }, { clock });
    expect(await circuits.acquire(key)).toMatchObject({ allowed: true });
    expect(clock.pending()).toBe(0);
    expect(breaker.health().state).toBe('down');
  });

  it('rejects bad options, naming the field', () => {
    expect(() => createRedisHealthStore({ client: {} as never })).toThrow(
      /"createRedisHealthStore\.client"/,
    );
    expect(() => createRedisHealthStore({ client, prefix: 'a{b}' })).toThrow(
      /"createRedisHealthStore\.prefix"/,
    );
    expect(() => createRedisHealthStore({ client, maxSamples: 0 })).toThrow(
      /"createRedisHealthStore\.maxSamples"/,
    );
    expect(() => createRedisHealthStore({ client, ttlMs: -5 })).toThrow(
      /"createRedisHealthStore\.ttlMs"/,
    );
    expect(() => createRedisHealthStore({ client, breaker: {} as never })).toThrow(
      /"createRedisHealthStore\.breaker"/,
    );
    expect(() => createRedisHealthStore(undefined as never)).toThrow(/invalid option/i);
  });
});
