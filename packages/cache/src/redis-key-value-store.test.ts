import { randomUUID } from 'node:crypto';
import { createManualClock, textOf } from '@llmux/core';
import { createMockModel } from '@llmux/testkit';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask } from './cache-test-setup.js';
import { cacheKey, createCache, createRedisKeyValueStore } from './index.js';

// The shared Redis other packages' tests use too: every key here lives under a unique prefix.
const prefix = `llmux-test:cache:${randomUUID()}:`;
const client = createClient({ url: 'redis://127.0.0.1:6379' });
client.on('error', () => {});

beforeAll(async () => {
  await client.connect();
});

afterAll(async () => {
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) {
    if (keys.length > 0) await client.del(keys);
  }
  client.destroy();
});

describe('createRedisKeyValueStore', () => {
  it('sets, gets and deletes values', async () => {
    const store = createRedisKeyValueStore({ client, prefix });
    expect(await store.get('a')).toBeUndefined();
    await store.set('a', 'value-a');
    expect(await store.get('a')).toBe('value-a');
    await store.delete('a');
    expect(await store.get('a')).toBeUndefined();
  });

  it('hash-tags keys under the prefix', async () => {
    const store = createRedisKeyValueStore({ client, prefix });
    await store.set('t-1:abc', 'v');
    expect(await client.get(`${prefix}{t-1:abc}`)).toBe('v');
  });

  it('sets the TTL with PX, rounded up to whole milliseconds, and none without one', async () => {
    const store = createRedisKeyValueStore({ client, prefix });
    await store.set('ttl', 'v', 1500.2);
    const ttl = await client.pTTL(`${prefix}{ttl}`);
    expect(ttl).toBeGreaterThan(1000);
    expect(ttl).toBeLessThanOrEqual(1501);
    await store.set('forever', 'v');
    expect(await client.pTTL(`${prefix}{forever}`)).toBe(-1);
  });

  it('reports a Redis error (a key of another type) as a network error', async () => {
    const store = createRedisKeyValueStore({ client, prefix });
    await client.hSet(`${prefix}{hash}`, 'f', 'v');
    await expect(store.get('hash')).rejects.toMatchObject({ kind: 'network', provider: 'redis' });
  });

  it('fails fast with a network error while the client is not connected', async () => {
    const closed = createClient({ url: 'redis://127.0.0.1:6379' });
    const store = createRedisKeyValueStore({ client: closed, prefix });
    await expect(store.get('a')).rejects.toMatchObject({
      kind: 'network',
      message: 'Redis is not connected',
    });
  });

  it.each([
    [{ client: {} }, 'createRedisKeyValueStore: client must be a node-redis client'],
    [{ client, prefix: 'x{' }, 'prefix must be a string without { or }'],
    [{ client, timeoutMs: 0 }, 'timeoutMs must be a positive number'],
  ])('rejects bad options, naming the field', (options, message) => {
    expect(() => createRedisKeyValueStore(options as never)).toThrow(
      expect.objectContaining({
        kind: 'invalid_request',
        message: expect.stringContaining(message),
      }),
    );
  });
});

describe('createCache over Redis', () => {
  it('shares answers between processes (two caches, one Redis)', async () => {
    const clock = createManualClock();
    const store = createRedisKeyValueStore({ client, prefix });
    const inner = createMockModel({ provider: 'openai', modelId: 'gpt-5-mini', clock });
    const first = createCache(inner, { store, clock });
    const second = createCache(inner, { store, clock });
    await first.generate(ask('hi', { metadata: { tenant: 'acme' } }));
    const hit = await second.generate(ask('hi', { metadata: { tenant: 'acme' } }));
    expect(hit.trace.cacheHit).toBe(true);
    expect(inner.calls).toHaveLength(1);
    const ttl = await client.pTTL(
      `${prefix}{${cacheKey(inner, ask('hi', { metadata: { tenant: 'acme' } }))}}`,
    );
    expect(ttl).toBeGreaterThan(3_500_000);
  });

  it('treats a corrupt stored value as a miss and replaces it', async () => {
    const store = createRedisKeyValueStore({ client, prefix });
    const inner = createMockModel({ modelId: 'corrupt-test' });
    const key = `${prefix}{${cacheKey(inner, ask('hi'))}}`;
    await client.set(key, 'not json at all');
    const cached = createCache(inner, { store });
    expect(textOf(await cached.generate(ask('hi')))).toBe('Echo: hi');
    expect(JSON.parse((await client.get(key))!)).toMatchObject({ v: 1 });
    expect((await cached.generate(ask('hi'))).trace.cacheHit).toBe(true);
  });

  it('never writes a credential to Redis, in a key or a value', async () => {
    const secret = 'sk-ant-api03-SECRETSECRETSECRET';
    const store = createRedisKeyValueStore({ client, prefix });
    const inner = createMockModel({ modelId: 'secret-test' });
    const cached = createCache(inner, { store });
    await cached.generate(
      ask('hi', {
        providerOptions: { anthropic: { apiKey: secret, headers: { 'x-api-key': secret } } },
        metadata: { tenant: secret },
      }),
    );
    let written = 0;
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) {
      for (const key of keys) {
        written++;
        expect(key).not.toContain('SECRET');
        const type = await client.type(key);
        if (type === 'string') expect(await client.get(key)).not.toContain('SECRET');
      }
    }
    expect(written).toBeGreaterThan(0);
  });
});
