import { randomUUID } from 'node:crypto';
import { createManualClock } from '@llmux/core';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyDigest } from '../gateway/auth.js';
import type { RedisClient } from '../stack/shared-stores.js';
import type { ApiKeyStore } from './api-key-store.js';
import { type ApiKeys, type ApiKeysEvent, createApiKeys } from './api-keys.js';
import { createMemoryApiKeyStore } from './memory-api-key-store.js';
import { createRedisApiKeyStore } from './redis-api-key-store.js';

const REFRESH_MS = 2000;

/** Two instances' views of one store, on one manual clock, with the events of the second. */
async function twoInstances(store: ApiKeyStore, readerStore: ApiKeyStore = store) {
  const clock = createManualClock(Date.parse('2026-11-25T10:00:00Z'));
  const writer = createApiKeys({ store, clock, refreshMs: REFRESH_MS });
  const reader = createApiKeys({ store: readerStore, clock, refreshMs: REFRESH_MS });
  await writer.start();
  await reader.start();
  const events: ApiKeysEvent[] = [];
  reader.listen((event) => events.push(event));
  return { clock, writer, reader, events };
}

/** Resolves once the next refresh of `keys` that changed anything is over. */
const changed = (keys: ApiKeys) =>
  new Promise<void>((resolve) => {
    const stop = keys.listen((event) => {
      if (event.type === 'api-keys-changed') {
        stop();
        resolve();
      }
    });
  });

/** Who the instance says a secret belongs to, or the refusal's message. */
const whoIs = (keys: ApiKeys, secret: string) => {
  try {
    return keys.callerOf(keyDigest(secret))?.tenant;
  } catch (error) {
    return (error as Error).message;
  }
};

describe('createApiKeys', () => {
  it('keeps the last known keys while the store cannot be read (fail static), says so once, and catches up after', async () => {
    const shared = createMemoryApiKeyStore();
    let down = false;
    const flaky: ApiKeyStore = {
      ...shared,
      load: (since) => (down ? Promise.reject(new Error('store unreachable')) : shared.load(since)),
    };
    const { clock, writer, reader, events } = await twoInstances(shared, flaky);
    const { record, secret } = await writer.create({ tenant: 'initech' });
    const known = changed(reader);
    await clock.advance(REFRESH_MS);
    await known;
    expect(whoIs(reader, secret)).toBe('initech');

    down = true;
    await writer.revoke(record.id);
    await clock.advance(REFRESH_MS);
    await clock.advance(REFRESH_MS);
    expect(events.at(-1)).toEqual({
      type: 'api-keys-store-down',
      store: 'memory',
      detail: 'store unreachable',
    });
    expect(whoIs(reader, secret)).toBe('initech');

    down = false;
    const caughtUp = changed(reader);
    await clock.advance(REFRESH_MS);
    await caughtUp;
    expect(events.map((e) => e.type)).toEqual([
      'api-keys-changed',
      'api-keys-store-down',
      'api-keys-store-up',
      'api-keys-changed',
    ]);
    expect(whoIs(reader, secret)).toBe('This API key was revoked');
    await Promise.all([writer.close(), reader.close()]);
  });

  it('never loses a write to a race: the loser reads again and writes over the winner', async () => {
    const { writer, reader } = await twoInstances(createMemoryApiKeyStore());
    const { record } = await writer.create({ tenant: 'initech' });
    await reader.refresh();
    const [rotated, revoked] = await Promise.allSettled([
      writer.rotate(record.id, 0),
      reader.revoke(record.id),
    ]);
    expect(revoked.status).toBe('fulfilled');
    await writer.refresh();
    const final = writer.get(record.id)!;
    expect(final.revokedAt).toBeDefined();
    // The rotation either went first (and the revocation over it) or found the key revoked.
    expect(final.version).toBe(rotated.status === 'fulfilled' ? 3 : 2);
    await Promise.all([writer.close(), reader.close()]);
  });
});

describe('createApiKeys on Redis', () => {
  const prefix = `llmux-api-keys-test-${randomUUID()}:`;
  const client = createClient({ url: 'redis://127.0.0.1:6379' }) as RedisClient;
  const storeOn = () =>
    createRedisApiKeyStore({ client, prefix, timeoutMs: 1000, connectTimeoutMs: 1000, clock });
  const clock = createManualClock(0);

  beforeAll(async () => {
    await client.connect();
  });
  afterAll(async () => {
    await client.del([`${prefix}{apikeys}`, `${prefix}{apikeys}:stamp`]);
    await client.quit();
  });

  it('reads nothing more while the stamp is unchanged', async () => {
    const store = storeOn();
    const first = await store.load();
    expect(await store.load(first.stamp)).toEqual({ stamp: first.stamp });
    const keys = createApiKeys({ store, clock, refreshMs: REFRESH_MS });
    await keys.create({ tenant: 'initech' });
    const next = await store.load(first.stamp);
    expect(next.stamp).not.toBe(first.stamp);
    expect(next.records).toHaveLength(1);
    await keys.close();
  });

  it('refuses a revoked key within refreshMs on an instance that missed the notice', async () => {
    const {
      clock: time,
      writer,
      reader,
    } = await twoInstances(storeOn(), {
      ...storeOn(),
      watch: undefined,
    });
    const { record, secret } = await writer.create({ tenant: 'initech' });
    await reader.refresh();
    await writer.revoke(record.id);
    expect(whoIs(reader, secret)).toBe('initech');
    const revoked = changed(reader);
    await time.advance(REFRESH_MS);
    await revoked;
    expect(whoIs(reader, secret)).toBe('This API key was revoked');
    await Promise.all([writer.close(), reader.close()]);
  });
});
