import { createRedisKeyValueStore } from '@llmux/cache';
import {
  type Clock,
  createMemoryHealthStore,
  createMemoryKeyValueStore,
  type HealthStore,
  type KeyValueStore,
} from '@llmux/core';
import { createRedisHealthStore } from '@llmux/failover';
import { createMemoryStore, createRedisStore, type RateLimitStore } from '@llmux/ratelimit';
import type { RedisClientType } from 'redis';
import type { CacheSettings } from '../config/config-schema.js';

/** The state layers share: in this process, or in Redis for a fleet of instances. */
export interface SharedStores {
  health: HealthStore;
  limits: RateLimitStore;
  cache: KeyValueStore;
}

export type RedisClient = RedisClientType;

export function createSharedStores(options: {
  clock: Clock;
  cache: CacheSettings;
  redis?: { client: RedisClient; prefix: string };
}): SharedStores {
  const { clock, redis } = options;
  if (redis) {
    const { client, prefix } = redis;
    return {
      health: createRedisHealthStore({ client, prefix: `${prefix}health:`, clock }),
      limits: createRedisStore({ client, prefix: `${prefix}ratelimit` }),
      cache: createRedisKeyValueStore({ client, prefix: `${prefix}cache:`, clock }),
    };
  }
  const { maxEntries, maxBytes } = options.cache;
  return {
    health: createMemoryHealthStore({ clock }),
    limits: createMemoryStore(),
    cache: createMemoryKeyValueStore({ clock, maxEntries, maxBytes }),
  };
}
