export { cacheKey } from './cache-key.js';
export { cache, createCache } from './cache-model.js';
export type { CacheEvent, CacheOptions } from './cache-options.js';
export { DEFAULT_TTL_MS } from './cache-options.js';
export { canonicalJson } from './canonical-json.js';
export type { EmbeddingCacheOptions } from './embedding-cache.js';
export { createEmbeddingCache } from './embedding-cache.js';
export type { EmbeddingKeyScope } from './embedding-cache-key.js';
export { embeddingCacheKey } from './embedding-cache-key.js';
export type {
  RedisKeyValueClient,
  RedisKeyValueStoreOptions,
} from './redis-key-value-store.js';
export { createRedisKeyValueStore } from './redis-key-value-store.js';
