export { abortableIterate, raceAbort } from './abortable.js';
export type { FinishedCall } from './budget-cost.js';
export { budgetCost } from './budget-cost.js';
export type { CallTimer, CallTiming } from './call-timer.js';
export { startCallTimer } from './call-timer.js';
export { checkEmbedRequest } from './check-embed-request.js';
export {
  checkModelId,
  checkProviderSettings,
  connectionSettings,
  invalidSetting,
  missingApiKeyError,
} from './check-provider-settings.js';
export { checkRequestSettings } from './check-request-settings.js';
export type { CheckedTools } from './check-tools.js';
export { checkTools } from './check-tools.js';
export type { Clock, ManualClock } from './clock.js';
export { createManualClock, startTimer, systemClock } from './clock.js';
export { collectStream, responseToStream, StreamAccumulator } from './collect-stream.js';
export { defaultCatalog } from './default-catalog.js';
export { defaultModels, PRICES_AS_OF } from './default-models.js';
export { deferStream } from './defer-stream.js';
export { deploymentField, deploymentIdOf, deploymentOf, withDeployment } from './deployment.js';
export type { EmbedBatch, EmbedBatchesOptions, EmbeddedBatches } from './embed-in-batches.js';
export { embedInBatches } from './embed-in-batches.js';
export { embedUsage, estimateEmbedTokens } from './embed-usage.js';
export type { EmbeddingSettings } from './embedding-dimensions.js';
export { embeddingDimensions } from './embedding-dimensions.js';
export type {
  EmbeddingModel,
  EmbedInputType,
  EmbedRequest,
  EmbedResponse,
} from './embedding-model.js';
export type { ErrorKind, LlmuxErrorOptions } from './errors.js';
export { cancelledError, errorKinds, isTransientKind, LlmuxError, toLlmuxError } from './errors.js';
export type { StreamGuardOptions } from './guard-stream.js';
export { guardStream, streamEndedError } from './guard-stream.js';
export { kindFromStatus, parseRetryAfter } from './http-errors.js';
export type { IdGenerator } from './ids.js';
export { randomId, sequentialIds } from './ids.js';
export { invalidOption } from './invalid-option.js';
export type { LanguageModel } from './language-model.js';
export { isLocalRefusal, markLocalRefusal } from './local-refusal.js';
export type { ProviderErrorContext, SdkErrorReading } from './map-provider-error.js';
export { mapProviderError } from './map-provider-error.js';
export type {
  ModelCapabilities,
  ModelCatalog,
  ModelInfo,
  ModelPricing,
  RateTier,
  TokenRates,
} from './model-catalog.js';
export { createModelCatalog } from './model-catalog.js';
export type { ObserveOptions } from './observe.js';
export { observe } from './observe.js';
export type { ObserveEmbeddingOptions } from './observe-embedding.js';
export { observeEmbedding } from './observe-embedding.js';
export type {
  AttemptRunner,
  AttemptStartEvent,
  CircuitState,
  LlmuxEvent,
  LlmuxEventType,
  Observer,
  RequestSettings,
} from './observer.js';
export { combineObservers, emit } from './observer.js';
export { parseToolArguments } from './parse-tool-arguments.js';
export type { StreamStage } from './pass-stream.js';
export { passStream } from './pass-stream.js';
export type { CacheStorage } from './price-cache-storage.js';
export { priceCacheStorage } from './price-cache-storage.js';
export type { PriceOptions } from './price-usage.js';
export { priceUsage } from './price-usage.js';
export type { Pricing } from './pricing-for.js';
export { pricingFor } from './pricing-for.js';
export { promptCacheSavings } from './prompt-cache-savings.js';
export type { OptionCheck, ProviderOptionsSpec } from './read-provider-options.js';
export { optionChecks, readProviderOptions } from './read-provider-options.js';
export type { RateLimitHeaderNames } from './read-rate-limit-headers.js';
export { readRateLimitHeaders } from './read-rate-limit-headers.js';
export type { PassedStream, ReadyStream } from './ready-stream.js';
export { nextReady } from './ready-stream.js';
export type { ReasoningEffort } from './reasoning-budget.js';
export {
  reasoningBudgetOf,
  reasoningBudgets,
  reasoningEffortFor,
  reasoningEffortOf,
} from './reasoning-budget.js';
export type { RedisCommandOptions, RedisConnection } from './redis/redis-command.js';
export { runRedisCommand } from './redis/redis-command.js';
export type { RedisEvalOptions, RedisScript, RedisScriptClient } from './redis/redis-script.js';
export { redisScript } from './redis/redis-script.js';
export type { StoreBreaker, StoreBreakerOptions, StoreHealth } from './redis/store-breaker.js';
export { createStoreBreaker } from './redis/store-breaker.js';
export type {
  AdmissionHooks,
  AssistantMessage,
  CacheControl,
  GenerateRequest,
  ImagePart,
  ImageSource,
  JsonSchema,
  Message,
  PromptCacheHint,
  ProviderOptions,
  ReasoningOptions,
  ReasoningPart,
  RequestMetadata,
  ResponseFormat,
  Role,
  RoutePlan,
  SystemMessage,
  TaskType,
  TextPart,
  ToolCallPart,
  ToolChoice,
  ToolDefinition,
  ToolMessage,
  ToolResultPart,
  UserMessage,
} from './request.js';
export type { RecordInput, RequestRecord } from './request-record.js';
export { buildRequestRecord } from './request-record.js';
export type {
  AttemptRecord,
  ContentPart,
  Finish,
  FinishReason,
  GenerateResponse,
  RateLimitInfo,
  RouteCandidate,
  TokenLogprob,
  Trace,
  Warning,
} from './response.js';
export { reasoningOf, textOf, toolCallsOf } from './response.js';
export { scaledClock } from './scaled-clock.js';
export { seededRandom } from './seeded-random.js';
export { healthDefaults } from './state/health-defaults.js';
export type {
  CircuitRecord,
  HealthSample,
  HealthSnapshot,
  HealthStore,
} from './state/health-store.js';
export { healthKey } from './state/health-store.js';
export type { KeyValueStore } from './state/key-value-store.js';
export type { MemoryHealthStoreOptions } from './state/memory-health-store.js';
export { createMemoryHealthStore } from './state/memory-health-store.js';
export type { MemoryKeyValueStoreOptions } from './state/memory-key-value-store.js';
export { createMemoryKeyValueStore } from './state/memory-key-value-store.js';
export type { MemorySpendLedgerOptions, SpendLedger } from './state/memory-spend-ledger.js';
export { createMemorySpendLedger } from './state/memory-spend-ledger.js';
export type {
  Headroom,
  HeadroomSource,
  HeadroomTarget,
  Spend,
  SpendSource,
} from './state/usage-source.js';
export type { StreamEvent, StreamEventType } from './stream-event.js';
export { isContentEvent } from './stream-event.js';
export { tenantDigest } from './tenant-digest.js';
export type { Encoder, TokenCounter, TokenCounterOptions } from './token-count.js';
export { createTokenCounter } from './token-count.js';
export { approximateTokens, estimateInputTokens, requestTexts } from './token-estimate.js';
export type { UnpricedModelErrorOptions } from './unpriced-model-error.js';
export { UnpricedModelError } from './unpriced-model-error.js';
export { unsupportedSetting } from './unsupported-setting.js';
export type { Usage } from './usage.js';
export { emptyUsage, totalTokens } from './usage.js';
export { withTimeout } from './with-timeout.js';
