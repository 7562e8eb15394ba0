import { LlmuxError, type RateLimitInfo } from '@llmux/core';

/**
 * Until when the provider's rate-limit headers say it will refuse calls: set when the requests or
 * tokens remaining are down to 0, to their reset (or `defaultPauseMs` from now without one).
 */
export function pauseFromHeaders(
  info: RateLimitInfo | undefined,
  now: number,
  defaultPauseMs: number,
): number | undefined {
  if (!info) return undefined;
  let until: number | undefined;
  const out = (remaining: number | undefined, resetAt: number | undefined) => {
    if (remaining === undefined || remaining > 0) return;
    const at = resetAt ?? now + defaultPauseMs;
    until = Math.max(until ?? at, at);
  };
  out(info.requestsRemaining, info.requestsResetAt);
  out(info.tokensRemaining, info.tokensResetAt);
  return until !== undefined && until > now ? until : undefined;
}

/** Until when a provider's 429 says to stop: its retry-after, or `defaultPauseMs`. */
export function pauseFromError(
  error: unknown,
  now: number,
  defaultPauseMs: number,
): number | undefined {
  if (!LlmuxError.isInstance(error) || error.kind !== 'rate_limited') return undefined;
  return now + (error.retryAfterMs ?? defaultPauseMs);
}

/** How long headers without a reset time are believed. */
const HEADERS_WITHOUT_RESET_MS = 60_000;

/** Shares of the provider's allowances left, per headers whose window has not reset yet. */
export function headerShares(
  seen: { info: RateLimitInfo; at: number } | undefined,
  now: number,
): { requests?: number; tokens?: number } {
  const info = seen?.info;
  const share = (limit?: number, remaining?: number, resetAt?: number) => {
    const stale =
      resetAt === undefined ? now - (seen?.at ?? 0) > HEADERS_WITHOUT_RESET_MS : resetAt <= now;
    if (!limit || remaining === undefined || stale) return undefined;
    return Math.min(1, Math.max(0, remaining / limit));
  };
  return {
    requests: share(info?.requestsLimit, info?.requestsRemaining, info?.requestsResetAt),
    tokens: share(info?.tokensLimit, info?.tokensRemaining, info?.tokensResetAt),
  };
}
