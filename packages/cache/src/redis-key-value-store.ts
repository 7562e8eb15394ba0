import {
  type Clock,
  type KeyValueStore,
  LlmuxError,
  type RedisConnection,
  runRedisCommand,
  type StoreBreaker,
  systemClock,
} from '@llmux/core';

/**
 * The part of a node-redis (v5+) client the store uses; pass `createClient(...)` as is, already
 * connected. The client is yours: its connection, reconnection and `error` listener.
 */
export interface RedisKeyValueClient extends RedisConnection {
  get(key: string): Promise<unknown>;
  set(
    key: string,
    value: string,
    options?: { expiration: { type: 'PX'; value: number } },
  ): Promise<unknown>;
  del(key: string): Promise<unknown>;
}

export interface RedisKeyValueStoreOptions {
  client: RedisKeyValueClient;
  /** Prepended to every key, outside the hash tag. Default: `llmux:cache:`. */
  prefix?: string;
  /**
   * Longest wait for one command, in milliseconds, so that a hung Redis slows a request by at
   * most this much before it is served without the cache. Default: 250.
   */
  timeoutMs?: number;
  /** Times the command timeout. Default: the system clock. */
  clock?: Clock;
  /**
   * Shared by every store on the same client (core's `createStoreBreaker`): once Redis fails,
   * lookups skip it at once for a while instead of each paying `timeoutMs`.
   */
  breaker?: StoreBreaker;
}

const invalid = (field: string, expected: string) =>
  new LlmuxError({
    kind: 'invalid_request',
    message: `createRedisKeyValueStore: ${field} must be ${expected}`,
    provider: 'redis',
  });

const validate = (options: RedisKeyValueStoreOptions) => {
  const { client, prefix = 'llmux:cache:', timeoutMs = 250, clock = systemClock } = options;
  if (
    typeof client !== 'object' ||
    client === null ||
    !['get', 'set', 'del'].every(
      (method) => typeof (client as unknown as Record<string, unknown>)[method] === 'function',
    )
  ) {
    throw invalid('client', 'a node-redis client (with get, set and del)');
  }
  if (typeof prefix !== 'string' || /[{}]/.test(prefix)) {
    throw invalid('prefix', 'a string without { or } (they would change the hash tag)');
  }
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0)) {
    throw invalid('timeoutMs', 'a positive number of milliseconds');
  }
  return { client, prefix, timeoutMs, clock, breaker: options.breaker };
};

/**
 * A `KeyValueStore` on Redis. Keys are `<prefix>{<key>}`: hash-tagged, so in a cluster an
 * entry's slot depends on the entry alone. Expiry is set with `PX`. Commands fail fast with a
 * `network` error while the client is disconnected and with a `timeout` error when Redis does
 * not answer in time, so callers (the cache) can go on without it.
 */
export function createRedisKeyValueStore(options: RedisKeyValueStoreOptions): KeyValueStore {
  const { client, prefix, timeoutMs, clock, breaker } = validate(options);
  const redisKey = (key: string) => `${prefix}{${key}}`;

  const run = <T>(command: () => Promise<T>): Promise<T> =>
    runRedisCommand(client, command, { timeoutMs, clock, breaker });

  return {
    async get(key) {
      const value = await run(() => client.get(redisKey(key)));
      return typeof value === 'string' ? value : undefined;
    },
    async set(key, value, ttlMs) {
      const expiry =
        ttlMs === undefined
          ? undefined
          : { expiration: { type: 'PX' as const, value: Math.ceil(ttlMs) } };
      await run(() => client.set(redisKey(key), value, expiry));
    },
    async delete(key) {
      await run(() => client.del(redisKey(key)));
    },
  };
}
