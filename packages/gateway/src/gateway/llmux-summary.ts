import type { GenerateResponse, Warning } from '@llmux/core';

/** Which provider and model answered, at what cost, and why: the `llmux` object of a response. */
export interface LlmuxSummary {
  request_id: string;
  provider: string;
  model: string;
  /** The deployment that answered, when the model has several (`openai-eu:gpt-5`). */
  deployment?: string;
  cost_usd: number;
  cache_hit: boolean;
  saved_cost_usd: number;
  /** What the providers' prompt caches saved on this call (negative when it only wrote them). */
  prompt_cache_saved_usd: number;
  route_reason: string | null;
  /** Calls made, retries and failovers included (0 for a cache hit). */
  attempts: number;
  /** Settings of the request the answering provider could not honour (see `warningText`). */
  warnings: string[];
}

export function llmuxSummary(
  requestId: string,
  response: Pick<GenerateResponse, 'provider' | 'model' | 'costUsd' | 'trace' | 'warnings'>,
): LlmuxSummary {
  const { trace } = response;
  const deployment = trace.attempts.findLast((a) => a.outcome === 'success')?.deployment;
  return {
    request_id: requestId,
    provider: response.provider,
    model: response.model,
    ...(deployment !== undefined && { deployment }),
    cost_usd: response.costUsd,
    cache_hit: trace.cacheHit === true,
    saved_cost_usd: trace.savedCostUsd ?? 0,
    prompt_cache_saved_usd: trace.promptCacheSavedUsd ?? 0,
    route_reason: trace.routeReason ?? null,
    attempts: trace.attempts.length,
    warnings: response.warnings.map(warningText),
  };
}

/** `temperature: gpt-5 takes only the default`: the setting first, so clients can match on it. */
export const warningText = (warning: Warning): string =>
  warning.type === 'unsupported-setting'
    ? `${warning.setting}: ${warning.details ?? 'not supported by the answering model'}`
    : warning.message;

/** `x-llmux-warnings`: the warnings, percent-encoded, separated by `; `. */
export const warningsHeader = (warnings: string[]): Record<string, string> =>
  warnings.length === 0
    ? {}
    : { 'x-llmux-warnings': warnings.map((w) => headerSafe(w.replaceAll(';', ','))).join('; ') };

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
    ...warningsHeader(summary.warnings),
  };
}
