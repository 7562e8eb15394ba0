import {
  createManualClock,
  createStoreBreaker,
  LlmuxError,
  type RedisEvalOptions,
} from '@llmux/core';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReservationPlan } from './rate-limit-store.js';
import { createRedisStore, type RedisStoreClient } from './redis-store.js';
import { windowShape } from './sliding-window.js';
import { describeStoreBehaviour } from './store-behaviour-table.js';

const client = createClient({ url: 'redis://127.0.0.1:6379' });
const run = `llmux-test:ratelimit-store:${process.pid}-${Date.now()}`;
let stores = 0;
const newPrefix = () => `${run}:${++stores}`;

beforeAll(async () => {
  await client.connect();
});

afterAll(async () => {
  for await (const keys of client.scanIterator({ MATCH: `{${run}:*`, COUNT: 500 })) {
    if (keys.length) await client.del(keys);
  }
  client.destroy();
});

describeStoreBehaviour('redis', () => createRedisStore({ client, prefix: newPrefix() }));

describe('redis store', () => {
  const T0 = Date.UTC(2025, 0, 15, 12);
  const reservation = (id: string): ReservationPlan => ({
    now: T0,
    id,
    ttlMs: 60_000,
    pauseKey: 'x:openai:gpt-4o',
    windows: [{ key: 'w:rpm', limit: 10, cost: 1, ...windowShape(60_000) }],
    budgets: [{ key: 's:day', limit: 5, cost: 0.5, expireAt: T0 + 3_600_000 }],
    leases: [{ key: 'c:model', limit: 3 }],
  });
  const settlement = (id: string) => ({
    now: T0,
    id,
    ttlMs: 60_000,
    windows: [],
    budgets: [{ key: 's:day', spent: 0.25, expireAt: T0 + 3_600_000 }],
    leases: ['c:model'],
  });
  const leasesOf = (prefix: string) => client.zCard(`{${prefix}}:c:model`);
  const spentOf = async (prefix: string) =>
    Number((await client.hGet(`{${prefix}}:s:day`, 'spent')) ?? 0);

  /** The client, with scripts held back while `hold()` is on, and a switch for `isReady`. */
  const holdingClient = () => {
    const held: Array<{ go: () => void; done: Promise<unknown> }> = [];
    let ready = true;
    let holding = false;
    const later = <T>(run: () => Promise<T>): Promise<T> => {
      if (!holding) return run();
      let go!: () => void;
      const done = new Promise<void>((resolve) => (go = resolve)).then(run);
      held.push({ go, done: done.catch(() => undefined) });
      return done;
    };
    const wrapped: RedisStoreClient = {
      get isReady() {
        return ready;
      },
      evalSha: (sha: string, options: RedisEvalOptions) =>
        later(() => client.evalSha(sha, options)),
      eval: (script: string, options: RedisEvalOptions) =>
        later(() => client.eval(script, options)),
    };
    return {
      client: wrapped,
      hold: () => {
        holding = true;
      },
      /** Lets the held scripts go to Redis, in order or the other way round; resolves once they ran. */
      release: async (order: 'in order' | 'reversed' = 'in order') => {
        holding = false;
        const batch = held.splice(0);
        for (const { go } of order === 'reversed' ? [...batch].reverse() : batch) go();
        await Promise.all(batch.map(({ done }) => done));
      },
      setReady: (value: boolean) => {
        ready = value;
      },
    };
  };

  it('makes one round trip per reservation and settlement', async () => {
    let calls = 0;
    const counting: RedisStoreClient = {
      isReady: true,
      evalSha: (sha, options) => {
        calls++;
        return client.evalSha(sha, options);
      },
      eval: (script, options) => {
        calls++;
        return client.eval(script, options);
      },
    };
    const store = createRedisStore({ client: counting, prefix: newPrefix() });
    await store.reserve(reservation('a'));
    // The first call may load the script (NOSCRIPT, then EVAL); every later one is a single EVALSHA.
    calls = 0;
    await store.reserve(reservation('b'));
    expect(calls).toBe(1);
    await store.settle(settlement('b'));
    expect(calls).toBe(2);
  });

  it('hash-tags every key with the prefix and gives every key an expiry', async () => {
    const prefix = newPrefix();
    const store = createRedisStore({ client, prefix });
    await store.reserve(reservation('a'));
    await store.pause('x:openai:gpt-4o', Date.now() + 60_000, Date.now());
    expect((await client.keys(`{${prefix}}:*`)).sort()).toEqual(
      ['c:model', 's:day', 's:day:holds', 'w:rpm', 'x:openai:gpt-4o'].map(
        (k) => `{${prefix}}:${k}`,
      ),
    );
    await store.settle(settlement('a'));
    await store.renew({ now: T0, process: { id: 'p1', ttlMs: 30_000 }, reservations: [] });
    const keys = await client.keys(`{${prefix}}:*`);
    expect(keys.sort()).toEqual(
      ['e:a', 'processes', 's:day', 'w:rpm', 'x:openai:gpt-4o'].map((k) => `{${prefix}}:${k}`),
    );
    for (const key of keys) {
      const ttl = await client.pTTL(key);
      expect(ttl, key).toBeGreaterThan(0);
    }
    // Budget keys live until their period ends; windows one window and a slot; the end marker
    // twice the lease; the process list a presence.
    expect(await client.pTTL(`{${prefix}}:w:rpm`)).toBeLessThanOrEqual(61_000);
    expect(await client.pTTL(`{${prefix}}:s:day`)).toBeLessThanOrEqual(3_600_000);
    expect(await client.pTTL(`{${prefix}}:e:a`)).toBeLessThanOrEqual(120_000);
    expect(await client.pTTL(`{${prefix}}:processes`)).toBeLessThanOrEqual(30_000);
  });

  it('keeps a window hash to the slots still counted', async () => {
    const prefix = newPrefix();
    const store = createRedisStore({ client, prefix });
    const window = { key: 'w:rpm', limit: 1_000, cost: 1, ...windowShape(60_000) };
    for (let i = 0; i < 200; i++) {
      await store.reserve({ ...reservation(`r${i}`), now: T0 + i * 1_000, windows: [window] });
    }
    expect(await client.hLen(`{${prefix}}:w:rpm`)).toBeLessThanOrEqual(window.span);
  });

  it('rejects a client or prefix that cannot work, naming the option', () => {
    expect(() => createRedisStore({ client: {} as RedisStoreClient })).toThrow(/"client"/);
    expect(() => createRedisStore({ client, breaker: createStoreBreaker(), retryMs: 10 })).toThrow(
      /"retryMs"/,
    );
    try {
      createRedisStore({ client, prefix: 'a{b}' });
      expect.unreachable();
    } catch (error) {
      expect(LlmuxError.isInstance(error) && error.kind).toBe('invalid_request');
      expect(String(error)).toMatch(/"prefix"/);
    }
  });

  it('renews thousands of reservations in one script, putting back what it lost, but no ended one', async () => {
    const prefix = newPrefix();
    const store = createRedisStore({ client, prefix });
    const expireAt = T0 + 3_600_000;
    await store.settle({ ...settlement('r0'), budgets: [] });
    const reservations = Array.from({ length: 2_500 }, (_, i) => ({
      id: `r${i}`,
      ttlMs: 60_000,
      leases: ['c:model'],
      budgets: [{ key: 's:day', amount: 0.5, expireAt }],
    }));
    const renewal = { now: T0, process: { id: 'p1', ttlMs: 30_000 }, reservations };
    expect(await store.renew(renewal)).toEqual({ processes: 1 });
    expect(await store.renew({ ...renewal, now: T0 + 1_000 })).toEqual({ processes: 1 });
    // r0 had ended: 2,499 leases and holds, each once, renewed to a minute after the second.
    expect(await leasesOf(prefix)).toBe(2_499);
    expect(await client.zCount(`{${prefix}}:c:model`, T0 + 61_000, T0 + 61_000)).toBe(2_499);
    expect(await client.zCard(`{${prefix}}:s:day:holds`)).toBe(2_499);
    expect(Number(await client.hGet(`{${prefix}}:s:day`, 'held'))).toBeCloseTo(1_249.5, 6);
  });

  const nothing = { now: T0, pauseKey: 'p', windows: [], budgets: [], leases: [] };

  it('fails at once without sending while the client is disconnected, then sends the end it kept', async () => {
    const prefix = newPrefix();
    const held = holdingClient();
    const clock = createManualClock(Date.now());
    const store = createRedisStore({ client: held.client, prefix, clock });
    await store.reserve(reservation('a'));
    held.setReady(false);
    await expect(store.settle(settlement('a'))).rejects.toMatchObject({ kind: 'network' });
    await expect(store.reserve(reservation('b'))).rejects.toMatchObject({ kind: 'network' });
    expect(await leasesOf(prefix)).toBe(1);
    // Connected again, and past the breaker's retryMs: the first call that succeeds sends the
    // kept end after it.
    held.setReady(true);
    await clock.advance(1_000);
    await store.read(nothing);
    await expect.poll(() => leasesOf(prefix)).toBe(0);
    expect(await spentOf(prefix)).toBeCloseTo(0.25, 10);
  });

  it('undoes a reserve it gave up on, whether the reserve or its undoing reaches Redis first', async () => {
    for (const order of ['in order', 'reversed'] as const) {
      const prefix = newPrefix();
      const held = holdingClient();
      const clock = createManualClock(T0);
      const store = createRedisStore({ client: held.client, prefix, clock, timeoutMs: 100 });
      // Redis has both scripts already, so each runs in one command, in the order sent.
      await store.reserve(reservation('warm'));
      await store.settle(settlement('warm'));
      held.hold();
      const late = store.reserve(reservation('late')).catch((error: unknown) => error);
      await clock.advance(100);
      expect(await late).toMatchObject({ kind: 'timeout' });
      // The reserve and, sent at once after it, its abandonment: reversed stands for a
      // reordering between connections.
      await held.release(order);
      expect(await client.exists(`{${prefix}}:e:late`), order).toBe(1);
      expect(await leasesOf(prefix), order).toBe(0);
      expect(await client.zCard(`{${prefix}}:s:day:holds`), order).toBe(0);
      const slot = String(Math.floor(T0 / 1_000));
      expect(Number((await client.hGet(`{${prefix}}:w:rpm`, slot)) ?? 0), order).toBe(1);
    }
  });

  it('fails at once while a shared breaker is open, rather than wait for the timeout again', async () => {
    const prefix = newPrefix();
    const held = holdingClient();
    const clock = createManualClock(Date.now());
    const breaker = createStoreBreaker({ clock, retryMs: 5_000 });
    const store = createRedisStore({ client: held.client, prefix, clock, timeoutMs: 100, breaker });
    held.hold();
    const failed = store.read(nothing).catch((error: unknown) => error);
    await clock.advance(100);
    expect(await failed).toMatchObject({ kind: 'timeout' });
    expect(breaker.health()).toMatchObject({ state: 'down' });
    await expect(store.reserve(reservation('b'))).rejects.toMatchObject({ kind: 'network' });
    await held.release();
    await clock.advance(5_000);
    expect(await store.reserve(reservation('c'))).toEqual({ ok: true });
    expect(breaker.health()).toMatchObject({ state: 'up' });
  });
});
