import type { FailoverOptions } from '@llmux/failover';
import type { LimitsByScope, OutageOptions, WaitMode } from '@llmux/ratelimit';
import type { RouterConfig } from '@llmux/router';
import type { SimulatorBehavior } from '@llmux/testkit';
import type { DeploymentConfig } from './deployment-config.js';

export const providerNames = ['anthropic', 'openai', 'gemini'] as const;
export type ProviderName = (typeof providerNames)[number];

export const routerPresets = ['incident-response', 'starting'] as const;
export type RouterPreset = (typeof routerPresets)[number];

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

export interface GatewayConfig {
  host: string;
  port: number;
  /** Worker processes; `auto` (the default) is one per core (`os.availableParallelism()`). */
  workers: number | 'auto';
  /** Larger request bodies are refused with 413. */
  maxBodyBytes: number;
  /** How long a shutdown waits for requests in flight before it cuts them. */
  shutdownTimeoutMs: number;
  /** A client must send a request's headers within this (else 408 and the connection closed). */
  headersTimeoutMs: number;
  /** ... and the whole request, body included, within this (else 408). */
  bodyTimeoutMs: number;
  /** Open connections a process accepts; more are closed at once, not queued. */
  maxConnections: number;
}

export type SimulatorSettings = Partial<
  Pick<SimulatorBehavior, 'latencyMs' | 'timeToFirstTokenMs' | 'chunkIntervalMs' | 'chunkSize'>
>;

export interface ProviderConfig {
  /** Always the simulator, even with a key and `--live`. */
  simulate: boolean;
  /** The environment variable that holds the API key. */
  apiKeyEnv: string;
  /** Where the live API is (a proxy, say); default the SDK's. */
  baseURL?: string;
  /** How the simulator behaves when this provider runs on one. */
  simulator: SimulatorSettings;
}

export interface TenantConfig {
  /** The environment variable that holds the tenant's gateway API key. */
  keyEnv: string;
}

/** The router's rules: a preset, changed by any `RouterConfig` field given beside it. */
export interface RouterSettings extends Partial<RouterConfig> {
  preset?: RouterPreset;
  /** Puts the router package's budget guards before the rules (needs `rateLimits`). */
  budgetGuards: boolean;
}

export type FailoverSettings = Pick<
  FailoverOptions,
  'retry' | 'timeouts' | 'hedge' | 'failoverOn' | 'capacity'
> & {
  breaker?: Omit<NonNullable<FailoverOptions['breaker']>, 'store'>;
};

export interface RateLimitSettings {
  limits: LimitsByScope;
  mode: WaitMode;
  maxWaitMs?: number;
  /** While Redis is out: count in each process (`local`, the default) or refuse (`fail-closed`). */
  outage?: OutageOptions;
}

export interface CacheSettings {
  enabled: boolean;
  ttlMs?: number;
  cacheNonDeterministic: boolean;
  /** Bounds of the in-memory store (unused with Redis). */
  maxEntries?: number;
  maxBytes?: number;
}

/** Requests that can wait (`metadata.priority: 'batch'`) are collected into provider batches. */
export interface BatchSettings {
  enabled: boolean;
  /** Fewer collected requests than this go live: a handful is not worth a batch window. */
  minBatchSize?: number;
  /** How long requests are collected, from the first, before they go out. */
  maxWaitMs?: number;
}

export interface RedisSettings {
  /** Resolved from `redis.urlEnv` when given there. */
  url: string;
  /** Starts every key this instance writes; instances that share state share it. */
  prefix: string;
  /** How long the first connection may take before the start fails (or goes on degraded). */
  connectTimeoutMs: number;
  /**
   * What a start does when Redis cannot be reached: `fail` with a clear error, or `degraded`:
   * serve at once with per-process limits and no shared cache, and use Redis once it answers.
   */
  whenUnavailable: 'fail' | 'degraded';
  /** Longest wait for one command before the layer goes on without Redis. */
  commandTimeoutMs: number;
  /** After Redis failed, how long commands skip it before one tries again. */
  retryMs: number;
}

export interface LoggingSettings {
  level: LogLevel;
  /** A file to append request lines to; default stdout. */
  file?: string;
}

export interface TracingSettings {
  /** An OTLP/HTTP traces endpoint (`http://localhost:4318/v1/traces`); spans are exported there. */
  otlpEndpoint?: string;
  /**
   * An OTLP/HTTP metrics endpoint for the GenAI client and process metrics; default the one beside
   * `otlpEndpoint` when it ends in `/v1/traces` (`…/v1/metrics`).
   */
  otlpMetricsEndpoint?: string;
}

/** The admin API (`/admin/keys`), which makes, rotates and revokes tenant API keys. */
export interface AdminSettings {
  /** The environment variable holding the admin key; the admin API is off while it is unset. */
  keyEnv: string;
  /**
   * Where keys are kept without Redis (a JSON file; `loadConfig` defaults it to `llmux.keys.json`
   * beside the configuration file). Absent, and without Redis: in memory, gone at exit.
   */
  keysFile?: string;
  /** How often each instance reads every key again, besides Redis change notices. */
  refreshMs: number;
}

/** Embedding models of one size that may answer for each other, tried in order. */
export interface EmbeddingGroupSettings {
  /** `provider/model` ids (OpenAI or Gemini embedding models), in the order to try them. */
  candidates: string[];
  /** The size of the group's vectors, sent to every candidate; default their common size. */
  dimensions?: number;
}

/** `POST /v1/embeddings`: the groups it serves, and the one `model: "auto"` names. */
export interface EmbeddingsSettings {
  default: string;
  groups: Record<string, EmbeddingGroupSettings>;
}

export interface LlmuxConfig {
  gateway: GatewayConfig;
  providers: Record<ProviderName, ProviderConfig>;
  /** Further deployments of the candidates' models (API keys, Azure, Bedrock, Vertex). */
  deployments: DeploymentConfig[];
  tenants: Record<string, TenantConfig>;
  router: RouterSettings;
  failover: FailoverSettings;
  rateLimits?: RateLimitSettings;
  cache: CacheSettings;
  batch: BatchSettings;
  /** Absent: the gateway serves no embeddings. */
  embeddings?: EmbeddingsSettings;
  redis?: RedisSettings;
  logging: LoggingSettings;
  tracing: TracingSettings;
  admin: AdminSettings;
}

export const defaultApiKeyEnv: Record<ProviderName, string> = {
  anthropic: 'ANTHROPIC_API_KEY',
  openai: 'OPENAI_API_KEY',
  gemini: 'GEMINI_API_KEY',
};
