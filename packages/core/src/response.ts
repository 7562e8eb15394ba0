import type { ErrorKind } from './errors.js';
import type { ReasoningPart, TextPart, ToolCallPart } from './request.js';
import type { Usage } from './usage.js';

export type FinishReason = 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'error' | 'other';

export interface Finish {
  unified: FinishReason;
  /** The provider's own value, e.g. `end_turn`, `MAX_TOKENS`. */
  raw?: string;
}

/** A setting the provider could not honour; the call went ahead without it. */
export type Warning =
  | { type: 'unsupported-setting'; setting: string; details?: string }
  | { type: 'other'; message: string };

/** What the provider's rate-limit headers said, for the rate limiter to adapt to. */
export interface RateLimitInfo {
  requestsLimit?: number;
  requestsRemaining?: number;
  /** Epoch milliseconds at which the request allowance is full again. */
  requestsResetAt?: number;
  tokensLimit?: number;
  tokensRemaining?: number;
  tokensResetAt?: number;
}

/** One call to one provider and model, as failover made it. */
export interface AttemptRecord {
  provider: string;
  model: string;
  /** The deployment called, when it is not the model's only one (`provider:model`). */
  deployment?: string;
  /** 1-based count of attempts at this candidate. */
  attempt: number;
  startedAt: number;
  latencyMs: number;
  outcome: 'success' | 'error';
  errorKind?: ErrorKind;
  status?: number;
  message?: string;
}

export interface RouteCandidate {
  provider: string;
  model: string;
  /** The deployment to call, when the model has several; default `provider:model`. */
  deployment?: string;
  reason: string;
}

/** How a response came to be: the route chosen and every attempt made. */
export interface Trace {
  /** Why the router chose this plan, e.g. `rule "long-context": input ≈ 120k tokens > 100k`. */
  routeReason?: string;
  plan?: RouteCandidate[];
  attempts: AttemptRecord[];
  cacheHit?: boolean;
  /** The cost a cache hit saved: what the original call cost. */
  savedCostUsd?: number;
  /**
   * Of an embedding request's inputs, how many the embedding cache answered (`cacheHit` only when
   * it answered all); `savedCostUsd` is what they cost when they were first embedded.
   */
  cachedInputs?: number;
  /**
   * What the provider's prompt cache saved on this call, net of cache-write premiums (negative for
   * a call that only wrote the cache): see `promptCacheSavings`. Set by `observe` on an answer
   * that read or wrote the cache.
   */
  promptCacheSavedUsd?: number;
  /**
   * What answering through a provider's batch API saved: the call at live rates minus its cost at
   * batch rates. Set by `@llmux/batch` on the answers it collects.
   */
  batchSavedUsd?: number;
}

/** One output token's log probability, and those of the likeliest alternatives. */
export interface TokenLogprob {
  token: string;
  logprob: number;
  top?: Array<{ token: string; logprob: number }>;
}

export type ContentPart = TextPart | ToolCallPart | ReasoningPart;

export interface GenerateResponse {
  id: string;
  provider: string;
  model: string;
  content: ContentPart[];
  /** Per output token, when the request asked for `logprobs` and the provider gives them. */
  logprobs?: TokenLogprob[];
  finishReason: Finish;
  usage: Usage;
  costUsd: number;
  latencyMs: number;
  timeToFirstTokenMs?: number;
  warnings: Warning[];
  rateLimits?: RateLimitInfo;
  trace: Trace;
  /** Provider-specific output, namespaced like request `providerOptions`. */
  providerMetadata?: Record<string, Record<string, unknown>>;
}

export const textOf = (response: Pick<GenerateResponse, 'content'>): string =>
  response.content
    .filter((part): part is TextPart => part.type === 'text')
    .map((part) => part.text)
    .join('');

export const reasoningOf = (response: Pick<GenerateResponse, 'content'>): string =>
  response.content
    .filter((part): part is ReasoningPart => part.type === 'reasoning')
    .map((part) => part.text)
    .join('');

export const toolCallsOf = (response: Pick<GenerateResponse, 'content'>): ToolCallPart[] =>
  response.content.filter((part): part is ToolCallPart => part.type === 'tool-call');
