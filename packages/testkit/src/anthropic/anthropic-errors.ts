import type { ErrorReply, RateLimitState, StreamFrame } from '../simulator/types.js';

/** `error.type` by status, per https://platform.claude.com/docs/en/api/errors. */
const errorTypes: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

export const anthropicErrorType = (status: number): string =>
  errorTypes[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');

export function anthropicErrorReply(
  status: number,
  message: string,
  context: { requestId?: string } = {},
): ErrorReply {
  return {
    status,
    body: {
      type: 'error',
      error: { type: anthropicErrorType(status), message },
      ...(context.requestId ? { request_id: context.requestId } : {}),
    },
  };
}

/** `event: error` in a stream, which the docs say matches the status a non-stream call gets. */
export const anthropicStreamErrorFrame = (status: number, message: string): StreamFrame => ({
  event: 'error',
  data: JSON.stringify({ type: 'error', error: { type: anthropicErrorType(status), message } }),
});

/** RFC 3339 without fractions, as the API sends reset times. */
const resetAt = (ms: number) => `${new Date(Date.now() + ms).toISOString().slice(0, 19)}Z`;

/** `anthropic-ratelimit-*` headers (remaining tokens are exact here, not rounded to thousands). */
export function anthropicRateLimitHeaders(state: RateLimitState): Record<string, string> {
  const headers: Record<string, string> = {};
  const triple = (name: string, limit?: number, remaining?: number, resetMs?: number) => {
    if (limit === undefined) return;
    headers[`anthropic-ratelimit-${name}-limit`] = String(limit);
    headers[`anthropic-ratelimit-${name}-remaining`] = String(remaining ?? limit);
    headers[`anthropic-ratelimit-${name}-reset`] = resetAt(resetMs ?? 0);
  };
  triple('requests', state.requestsLimit, state.requestsRemaining, state.requestsResetMs);
  triple('tokens', state.tokensLimit, state.tokensRemaining, state.tokensResetMs);
  triple('input-tokens', state.tokensLimit, state.tokensRemaining, state.tokensResetMs);
  return headers;
}
