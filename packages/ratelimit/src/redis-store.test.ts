import { LlmuxError, type RedisScriptClient } from '@llmux/core';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from './redis-store.js';
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
  const reservation = (id: string) => ({
    now: T0,
    id,
    pauseKey: 'x:openai:gpt-4o',
    windows: [{ key: 'w:rpm', limit: 10, cost: 1, ...windowShape(60_000) }],
    budgets: [{ key: 's:day', limit: 5, cost: 0.5, expireAt: T0 + 3_600_000 }],
    leases: [{ key: 'c:model', limit: 3, ttlMs: 600_000 }],
  });

  it('makes one round trip per reservation and settlement', async () => {
    let calls = 0;
    const counting: RedisScriptClient = {
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
    await store.settle({ now: T0, id: 'b', windows: [], budgets: [], leases: ['c:model'] });
    expect(calls).toBe(2);
  });

  it('hash-tags every key with the prefix and gives every key an expiry', async () => {
    const prefix = newPrefix();
    const store = createRedisStore({ client, prefix });
    await store.reserve(reservation('a'));
    await store.pause('x:openai:gpt-4o', Date.now() + 60_000, Date.now());
    const keys = await client.keys(`{${prefix}}:*`);
    expect(keys.sort()).toEqual(
      ['c:model', 's:day', 'w:rpm', 'x:openai:gpt-4o'].map((k) => `{${prefix}}:${k}`),
    );
    for (const key of keys) {
      const ttl = await client.pTTL(key);
      expect(ttl, key).toBeGreaterThan(0);
    }
    // Budget keys live until their period ends; windows one window and a slot; leases their ttl.
    expect(await client.pTTL(`{${prefix}}:w:rpm`)).toBeLessThanOrEqual(61_000);
    expect(await client.pTTL(`{${prefix}}:s:day`)).toBeLessThanOrEqual(3_600_000);
    expect(await client.pTTL(`{${prefix}}:c:model`)).toBeLessThanOrEqual(600_000);
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
    expect(() => createRedisStore({ client: {} as RedisScriptClient })).toThrow(/"client"/);
    try {
      createRedisStore({ client, prefix: 'a{b}' });
      expect.unreachable();
    } catch (error) {
      expect(LlmuxError.isInstance(error) && error.kind).toBe('invalid_request');
      expect(String(error)).toMatch(/"prefix"/);
    }
  });
});
