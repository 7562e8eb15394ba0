import type { AdmissionHooks, CacheControl, RequestMetadata, RoutePlan } from './request.js';
import type { RateLimitInfo, Trace, Warning } from './response.js';

/**
 * What a text is for, where the provider embeds the two differently (Gemini's `taskType`:
 * `RETRIEVAL_QUERY`, `RETRIEVAL_DOCUMENT`); providers without the setting ignore it.
 */
export type EmbedInputType = 'query' | 'document';

export interface EmbedRequest {
  /** The texts to embed, at least one; each answer vector is at the index of its text. */
  inputs: string[];
  /**
   * The size of the vectors, for models that can shorten theirs (OpenAI's text-embedding-3,
   * Gemini's `outputDimensionality`). Default: the model's `dimensions`.
   */
  dimensions?: number;
  inputType?: EmbedInputType;
  signal?: AbortSignal;
  /** When the whole request must be done, epoch ms on the layers' clock (see `GenerateRequest`). */
  deadlineAt?: number;
  /** Set by failover for the layers below it (see `GenerateRequest`). */
  admission?: AdmissionHooks;
  metadata?: RequestMetadata;
  /** Controls for the embedding cache (`@llmux/cache`); `force` has no meaning here. */
  cache?: CacheControl;
  /** Set by a router; failover tries these candidates in order. */
  route?: RoutePlan;
}

export interface EmbedResponse {
  id?: string;
  provider: string;
  model: string;
  /** One vector per input, in the order of `inputs`. */
  embeddings: number[][];
  /** Embedding models bill input tokens only. */
  usage: { inputTokens: number };
  costUsd: number;
  latencyMs: number;
  warnings: Warning[];
  rateLimits?: RateLimitInfo;
  trace: Trace;
}

/**
 * An embedding model: the counterpart of `LanguageModel` for vectors. Providers implement it, and
 * layers (failover, rate limits, cache) wrap it as they wrap language models. `embed` rejects with
 * an `LlmuxError`.
 */
export interface EmbeddingModel {
  /** `openai`, `gemini`, or the layer's name (`failover`, `cache`, ...). */
  readonly provider: string;
  readonly modelId: string;
  /**
   * The size of the vectors it makes when a request names none. Models of different sizes never
   * stand in for each other: their vectors cannot share an index.
   */
  readonly dimensions: number;
  embed(request: EmbedRequest): Promise<EmbedResponse>;
}
