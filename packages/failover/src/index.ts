export type { Backoff, ExponentialBackoffOptions } from './backoff.js';
export { exponentialBackoff } from './backoff.js';
export type { CapacityOptions, CapacityPause } from './capacity-pause.js';
export { createCapacityPause } from './capacity-pause.js';
export type {
  Admission,
  CircuitBreaker,
  CircuitBreakerContext,
  CircuitBreakerOptions,
  Permit,
  Refusal,
} from './circuit-breaker.js';
export { createCircuitBreaker } from './circuit-breaker.js';
export type { EmbeddingFailoverOptions } from './embedding-failover.js';
export { createEmbeddingFailover } from './embedding-failover.js';
export type { FailoverModel, FailoverOptions } from './failover-model.js';
export { createFailover } from './failover-model.js';
export type { FailoverPolicy, HealthOutcome, ModelRef } from './failover-policy.js';
export { createFailoverPolicy, defaultFailoverKinds } from './failover-policy.js';
export type {
  HealthCheckContext,
  HealthChecker,
  HealthCheckOptions,
  HealthProbe,
  StatusUrlProbeOptions,
} from './health-checker.js';
export { createHealthChecker, requestProbe, statusUrlProbe } from './health-checker.js';
export type { HedgeOptions, HedgePolicy } from './hedge.js';
export { createHedgePolicy } from './hedge.js';
export type { PlanRunnerOptions } from './plan-runner.js';
export type { RedisHealthStoreOptions } from './redis-health-store.js';
export { createRedisHealthStore } from './redis-health-store.js';
export type { RetryOptions, RetryPolicy } from './retry-policy.js';
export { createRetryPolicy } from './retry-policy.js';
export type { TimeoutOptions } from './timeouts.js';
