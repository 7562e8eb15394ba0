export type { RedisScriptClient } from '@llmux/core';
export { combineHeadroom } from './combine-headroom.js';
export type { Charge } from './limiter.js';
export type { Limits, LimitsByScope, Measure, WindowLimit } from './limits.js';
export { validateLimitsByScope } from './limits.js';
export { createMemoryStore } from './memory-store.js';
export type { OutageOptions, RateLimitOptions, WaitMode } from './rate-limit-options.js';
export type {
  BlockReason,
  BudgetReservation,
  LeaseReservation,
  RateLimitStore,
  Renewal,
  RenewedReservation,
  RenewOutcome,
  ReservationPlan,
  ReserveOutcome,
  Settlement,
  UsageQuery,
  UsageReading,
  WindowReservation,
} from './rate-limit-store.js';
export type {
  EmbeddingRateLimitOptions,
  RateLimitedEmbeddingModel,
} from './rate-limited-embedding-model.js';
export { rateLimitEmbedding } from './rate-limited-embedding-model.js';
export type { RateLimitedModel } from './rate-limited-model.js';
export { rateLimit } from './rate-limited-model.js';
export type { RedisStoreClient, RedisStoreOptions } from './redis-store.js';
export { createRedisStore } from './redis-store.js';
export type { RateLimitStoreHealth } from './store-session.js';
