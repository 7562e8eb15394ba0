export type {
  AdminSettings,
  BatchSettings,
  CacheSettings,
  FailoverSettings,
  GatewayConfig,
  LlmuxConfig,
  LoggingSettings,
  LogLevel,
  ProviderConfig,
  ProviderName,
  RateLimitSettings,
  RedisSettings,
  RouterPreset,
  RouterSettings,
  SimulatorSettings,
  TenantConfig,
  TracingSettings,
} from './config/config-schema.js';
export {
  defaultApiKeyEnv,
  logLevels,
  providerNames,
  routerPresets,
} from './config/config-schema.js';
export { type LoadConfigOptions, loadConfig } from './config/load-config.js';
export { parseConfig } from './config/parse-config.js';
export { routingBaselineCost } from './dashboard/routing-baseline.js';
export {
  type ApiKeyLookup,
  type Caller,
  resolveTenantKeys,
  type TenantKeys,
} from './gateway/auth.js';
export {
  createInputTokenCounter,
  estimateInputTokens,
  type InputTokenCount,
  type InputTokenCounter,
} from './gateway/count-input-tokens.js';
export { runServeCommand } from './gateway/serve-command.js';
export { parseServeArgs, type ServeOptions, serveUsage } from './gateway/serve-options.js';
export {
  createGateway,
  type Gateway,
  type GatewayOptions,
  type Refusal,
} from './gateway/server.js';
export {
  type RunningGateway,
  type StartGatewayOptions,
  startGateway,
} from './gateway/start-gateway.js';
export type { ApiKeys, ApiKeysEvent } from './keys/api-keys.js';
export {
  createGenAiMetrics,
  type GenAiMetricsOptions,
  OPERATION_DURATION_BUCKETS,
  TOKEN_USAGE_BUCKETS,
} from './observability/genai-metrics.js';
export {
  createMetrics,
  type HistogramValue,
  type Metrics,
  type MetricsSnapshot,
  mergeSnapshots,
  PROMETHEUS_CONTENT_TYPE,
  renderPrometheus,
} from './observability/metrics.js';
export { startMetricsExport } from './observability/metrics-export.js';
export {
  createRequestLogger,
  type RequestLogger,
  type RequestLoggerOptions,
} from './observability/request-logger.js';
export { createSecretScrubber } from './observability/secret-scrubber.js';
export { startTraceExport } from './observability/trace-export.js';
export {
  createTracing,
  createTracingObserver,
  type Tracing,
  type TracingOptions,
} from './observability/tracing.js';
export {
  createStack,
  type Stack,
  type StackLayers,
  type StackOptions,
} from './stack/create-stack.js';
export {
  checkReadiness,
  type Readiness,
  type ReadinessCheck,
  type ReadinessOptions,
} from './stack/readiness.js';
export type { RedisClient } from './stack/shared-stores.js';
