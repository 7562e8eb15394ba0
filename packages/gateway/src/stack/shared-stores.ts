import { createRedisKeyValueStore } from '@llmux/cache';
import {
  type Clock,
  createMemoryHealthStore,
  createMemoryKeyValueStore,
  createStoreBreaker,
  type HealthStore,
  type KeyValueStore,
  type Observer,
  type StoreHealth,
} from '@llmux/core';
import { createRedisHealthStore } from '@llmux/failover';
import { createMemoryStore, createRedisStore, type RateLimitStore } from '@llmux/ratelimit';
import type { RedisClientType } from 'redis';
import type { CacheSettings, RedisSettings } from '../config/config-schema.js';

/** The state layers share: in this process, or in Redis for a fleet of instances. */
export interface SharedStores {
  health: HealthStore;
  limits: RateLimitStore;
  cache: KeyValueStore;
  /** Batch jobs and uploaded files: never evicted, each key expires on its own. */
  batches: KeyValueStore;
  /** Whether Redis answers, as the layers using it found (always up without Redis). */
  storeHealth(): StoreHealth;
}

export type RedisClient = RedisClientType;

/**
 * With Redis, the three stores share one breaker: once Redis fails, every layer skips it at once
 * (health and the cache fail open, limits count per process) until one command finds it back.
 */
export function createSharedStores(options: {
  clock: Clock;
  cache: CacheSettings;
  redis?: Pick<RedisSettings, 'prefix' | 'commandTimeoutMs' | 'retryMs'> & { client: RedisClient };
  observer?: Observer;
}): SharedStores {
  const { clock, redis } = options;
  if (redis) {
    const { client, prefix, commandTimeoutMs: timeoutMs, retryMs } = redis;
    const breaker = createStoreBreaker({ clock, retryMs, observer: options.observer });
    const shared = { client, clock, timeoutMs, breaker };
    return {
      health: createRedisHealthStore({ ...shared, prefix: `${prefix}health:` }),
      limits: createRedisStore({ ...shared, prefix: `${prefix}ratelimit` }),
      cache: createRedisKeyValueStore({ ...shared, prefix: `${prefix}cache:` }),
      batches: createRedisKeyValueStore({ ...shared, prefix: `${prefix}batch:` }),
      storeHealth: breaker.health,
    };
  }
  const { maxEntries, maxBytes } = options.cache;
  return {
    health: createMemoryHealthStore({ clock }),
    limits: createMemoryStore(),
    cache: createMemoryKeyValueStore({ clock, maxEntries, maxBytes }),
    batches: createMemoryKeyValueStore({ clock, maxEntries: Infinity, maxBytes: Infinity }),
    storeHealth: () => ({ state: 'up', since: 0 }),
  };
}
