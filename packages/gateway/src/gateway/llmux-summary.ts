import type { GenerateResponse } from '@llmux/core';

/** Which provider and model answered, at what cost, and why: the `llmux` object of a response. */
export interface LlmuxSummary {
  request_id: string;
  provider: string;
  model: string;
  cost_usd: number;
  cache_hit: boolean;
  saved_cost_usd: number;
  /** What the providers' prompt caches saved on this call (negative when it only wrote them). */
  prompt_cache_saved_usd: number;
  route_reason: string | null;
  /** Calls made, retries and failovers included (0 for a cache hit). */
  attempts: number;
}

export function llmuxSummary(
  requestId: string,
  response: Pick<GenerateResponse, 'provider' | 'model' | 'costUsd' | 'trace'>,
): LlmuxSummary {
  const { trace } = response;
  return {
    request_id: requestId,
    provider: response.provider,
    model: response.model,
    cost_usd: response.costUsd,
    cache_hit: trace.cacheHit === true,
    saved_cost_usd: trace.savedCostUsd ?? 0,
    prompt_cache_saved_usd: trace.promptCacheSavedUsd ?? 0,
    route_reason: trace.routeReason ?? null,
    attempts: trace.attempts.length,
  };
}

/** Header values are ASCII: anything else (`≈`, `→` in route reasons) is percent-encoded. */
export const headerSafe = (value: string): string =>
  value.replace(/[^\x20-\x7e]|%/gu, (c) => encodeURIComponent(c));

/** The `x-llmux-*` headers of a whole (not streamed) response. */
export function llmuxHeaders(summary: LlmuxSummary): Record<string, string> {
  return {
    'x-request-id': summary.request_id,
    'x-llmux-provider': summary.provider,
    'x-llmux-model': headerSafe(summary.model),
    'x-llmux-cost-usd': String(summary.cost_usd),
    'x-llmux-cache': summary.cache_hit ? 'hit' : 'miss',
    ...(summary.route_reason !== null && {
      'x-llmux-route-reason': headerSafe(summary.route_reason),
    }),
  };
}
