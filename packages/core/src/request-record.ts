import { embedUsage } from './embed-usage.js';
import type { EmbedResponse } from './embedding-model.js';
import type { ErrorKind } from './errors.js';
import { LlmuxError } from './errors.js';
import type { RequestMetadata } from './request.js';
import type { AttemptRecord, GenerateResponse } from './response.js';
import type { Usage } from './usage.js';

/** One structured line per request: where the money and the latency went, and why. */
export interface RequestRecord {
  request_id: string;
  /** What was asked: an answer (`generate`, streamed or not) or vectors (`embed`). */
  operation: 'generate' | 'embed';
  /** ISO 8601 time the request started. */
  timestamp: string;
  selected_provider: string | null;
  model: string | null;
  task: string | null;
  tenant: string | null;
  /** The end user the caller named (OpenAI's `user`), for abuse tracing and per-user reports. */
  user: string | null;
  tags: string[];
  streamed: boolean;
  /** Calls made, retries and failovers included. */
  attempts: number;
  /** How many times the request moved on to another provider, model or deployment. */
  failover_attempts: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
  cost_usd: number;
  latency_ms: number;
  time_to_first_token_ms: number | null;
  /** Answered by the response cache (`@llmux/cache`), without a call. */
  cache_hit: boolean;
  /** What a response-cache hit saved: the cost of the call it answered from. */
  saved_cost_usd: number;
  /**
   * What the provider's prompt cache saved on this call, in USD: its cost had its cache reads and
   * writes been billed as plain input, minus its cost. Reads save the gap to the input rate, writes
   * subtract their premium over it, so a call that only writes the cache is negative (see core's
   * `promptCacheSavings`). 0 for a cache hit, a failed call or a model without a price.
   */
  prompt_cache_saved_usd: number;
  /** What answering through a provider's batch API saved: live rates minus batch rates. */
  batch_saved_usd: number;
  route_reason: string | null;
  finish_reason: string | null;
  error_kind: ErrorKind | null;
  error_message: string | null;
  attempt_log: AttemptRecord[];
}

/** Moves to another candidate: consecutive attempts that differ in provider, model or deployment. */
function countFailovers(attempts: AttemptRecord[]): number {
  let moves = 0;
  for (let i = 1; i < attempts.length; i++) {
    const a = attempts[i]!;
    const before = attempts[i - 1]!;
    if (
      a.provider !== before.provider ||
      a.model !== before.model ||
      a.deployment !== before.deployment
    ) {
      moves++;
    }
  }
  return moves;
}

export interface RecordInput {
  requestId: string;
  startedAt: number;
  latencyMs: number;
  timeToFirstTokenMs?: number;
  streamed: boolean;
  /** Default `generate`. */
  operation?: RequestRecord['operation'];
  metadata?: RequestMetadata;
  response?: GenerateResponse | EmbedResponse;
  error?: unknown;
}

/** An embedding's usage counts input only; its other counts are 0. */
const usageOf = (response: GenerateResponse | EmbedResponse | undefined): Usage | undefined =>
  response && 'embeddings' in response ? embedUsage(response.usage.inputTokens) : response?.usage;

// Requests that start in the same millisecond (many, under load) share its ISO text.
let lastStartedAt = Number.NaN;
let lastTimestamp = '';
const isoTime = (epochMs: number): string => {
  if (epochMs !== lastStartedAt) {
    lastTimestamp = new Date(epochMs).toISOString();
    lastStartedAt = epochMs;
  }
  return lastTimestamp;
};

export function buildRequestRecord(input: RecordInput): RequestRecord {
  const { response, metadata } = input;
  const error =
    input.error === undefined
      ? undefined
      : LlmuxError.isInstance(input.error)
        ? input.error
        : undefined;
  const attempts = response?.trace.attempts ?? error?.attempts ?? [];
  const usage = usageOf(response);
  const generated = response && 'finishReason' in response ? response : undefined;
  return {
    request_id: input.requestId,
    operation: input.operation ?? 'generate',
    timestamp: isoTime(input.startedAt),
    selected_provider: response?.provider ?? null,
    model: response?.model ?? null,
    task: metadata?.task ?? null,
    tenant: metadata?.tenant ?? null,
    user: metadata?.user ?? null,
    tags: metadata?.tags ?? [],
    streamed: input.streamed,
    attempts: attempts.length,
    failover_attempts: countFailovers(attempts),
    input_tokens: usage?.inputTokens ?? 0,
    output_tokens: usage?.outputTokens ?? 0,
    cache_read_tokens: usage?.cacheReadTokens ?? 0,
    cache_write_tokens: usage?.cacheWriteTokens ?? 0,
    reasoning_tokens: usage?.reasoningTokens ?? 0,
    cost_usd: response?.costUsd ?? 0,
    latency_ms: input.latencyMs,
    time_to_first_token_ms: input.timeToFirstTokenMs ?? generated?.timeToFirstTokenMs ?? null,
    cache_hit: response?.trace.cacheHit ?? false,
    saved_cost_usd: response?.trace.savedCostUsd ?? 0,
    prompt_cache_saved_usd: response?.trace.promptCacheSavedUsd ?? 0,
    batch_saved_usd: response?.trace.batchSavedUsd ?? 0,
    route_reason: response?.trace.routeReason ?? null,
    finish_reason: generated?.finishReason.unified ?? null,
    error_kind: input.error === undefined ? null : (error?.kind ?? 'server_error'),
    error_message:
      input.error === undefined
        ? null
        : input.error instanceof Error
          ? input.error.message
          : String(input.error),
    attempt_log: attempts,
  };
}
