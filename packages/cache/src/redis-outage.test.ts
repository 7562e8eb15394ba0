import {
  createManualClock,
  createStoreBreaker,
  type LlmuxEvent,
  type ManualClock,
  textOf,
} from '@llmux/core';
import { createMockModel, startRedisTestServer } from '@llmux/testkit';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, settle } from './cache-test-setup.js';
import { createCache, createRedisKeyValueStore } from './index.js';

let server: Awaited<ReturnType<typeof startRedisTestServer>>;
let client: ReturnType<typeof createClient>;

beforeAll(async () => {
  server = await startRedisTestServer();
  client = createClient({
    url: server.url,
    socket: { connectTimeout: 200, reconnectStrategy: () => 20 },
  });
  client.on('error', () => {}); // Outages are expected here; the cache reports them as events.
  await client.connect();
});

afterAll(async () => {
  client.destroy();
  await server.stop();
});

/** The client's next event of a kind (`events.once` would reject on the `error` events). */
const next = (event: 'ready' | 'reconnecting') =>
  new Promise<void>((resolve) => client.once(event, () => resolve()));

/** Waits (without time passing) until something sleeps on the clock: a command timeout. */
const sleeperOn = async (clock: ManualClock) => {
  for (let turn = 0; clock.pending() === 0; turn++) {
    if (turn > 100) throw new Error('nothing is waiting on the clock');
    await settle();
  }
};

const setup = (withBreaker = false) => {
  const clock = createManualClock();
  const breaker = withBreaker ? createStoreBreaker({ clock, retryMs: 1000 }) : undefined;
  const store = createRedisKeyValueStore({
    client,
    prefix: 'outage:',
    clock,
    timeoutMs: 250,
    breaker,
  });
  const inner = createMockModel({ provider: 'openai', modelId: 'gpt-5-mini', clock });
  const outcomes: string[] = [];
  const observer = (event: LlmuxEvent) => {
    if (event.type === 'cache') outcomes.push(event.outcome);
  };
  return { clock, inner, outcomes, cached: createCache(inner, { store, clock, observer }) };
};

describe('createCache when Redis goes away', () => {
  it('serves requests without the cache, at once, and uses it again when Redis is back', async () => {
    const { cached, inner, outcomes, clock } = setup();
    await cached.generate(ask('hi'));
    await settle();
    expect((await cached.generate(ask('hi'))).trace.cacheHit).toBe(true);
    expect(inner.calls).toHaveLength(1);

    const noticed = next('reconnecting');
    await server.stop();
    await noticed;
    outcomes.length = 0;
    const startedAt = performance.now();
    for (let i = 0; i < 20; i++) {
      expect(textOf(await cached.generate(ask('hi')))).toBe('Echo: hi');
    }
    const elapsedMs = performance.now() - startedAt;
    await settle();
    expect(inner.calls).toHaveLength(21);
    expect(outcomes.filter((outcome) => outcome === 'unavailable')).toHaveLength(40);
    expect(clock.now()).toBe(0); // no command timeout was waited for: a dead Redis fails fast
    expect(elapsedMs).toBeLessThan(1000); // 20 requests, far from seconds each

    const ready = next('ready');
    await server.start();
    await ready;
    outcomes.length = 0;
    await cached.generate(ask('hi')); // the restarted server is empty
    await settle();
    expect((await cached.generate(ask('hi'))).trace.cacheHit).toBe(true);
    expect(inner.calls).toHaveLength(22);
    expect(outcomes).toEqual(['miss', 'store', 'hit']);
  });

  it('times a command out on a Redis that accepts connections but does not answer', async () => {
    const clock = createManualClock();
    const store = createRedisKeyValueStore({ client, prefix: 'outage:', clock, timeoutMs: 100 });
    server.pause();
    try {
      let settled = false;
      const pending = store
        .get('k')
        .catch((error) => error)
        .finally(() => {
          settled = true;
        });
      await sleeperOn(clock);
      await clock.advance(99);
      expect(settled).toBe(false);
      await clock.advance(1);
      expect(await pending).toMatchObject({
        kind: 'timeout',
        message: 'Redis did not answer within 100 ms',
      });
    } finally {
      server.resume();
    }
  });

  it('gives up on a Redis that hangs after the command timeout, and serves the request', async () => {
    const { cached, inner, outcomes, clock } = setup();
    server.pause();
    try {
      const pending = cached.generate(ask('paused'));
      await sleeperOn(clock);
      await clock.advance(250);
      expect(textOf(await pending)).toBe('Echo: paused');
      expect(inner.calls).toHaveLength(1);
      await sleeperOn(clock); // the background write is waiting too
      await clock.advance(250);
      await settle();
      expect(outcomes).toEqual(['unavailable', 'miss', 'unavailable']);
    } finally {
      server.resume();
    }
  });

  it('with a store breaker, only the first request pays a hung Redis its timeout', async () => {
    const { cached, inner, outcomes, clock } = setup(true);
    server.pause();
    try {
      const first = cached.generate(ask('first'));
      await sleeperOn(clock);
      await clock.advance(250);
      expect(textOf(await first)).toBe('Echo: first');
      await settle();
      // The breaker is open: the next lookup and write skip Redis without waiting on the clock.
      expect(textOf(await cached.generate(ask('second')))).toBe('Echo: second');
      await settle();
      expect(clock.pending()).toBe(0);
      expect(inner.calls).toHaveLength(2);
      expect(outcomes).toEqual([
        'unavailable',
        'miss',
        'unavailable',
        'unavailable',
        'miss',
        'unavailable',
      ]);
    } finally {
      server.resume();
    }
  });
});
