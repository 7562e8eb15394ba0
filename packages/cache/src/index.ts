export { cacheKey } from './cache-key.js';
export { cache, createCache } from './cache-model.js';
export type { CacheOptions } from './cache-options.js';
export { DEFAULT_TTL_MS } from './cache-options.js';
export { canonicalJson } from './canonical-json.js';
export type {
  RedisKeyValueClient,
  RedisKeyValueStoreOptions,
} from './redis-key-value-store.js';
export { createRedisKeyValueStore } from './redis-key-value-store.js';
