import type { RateLimitInfo } from './response.js';

/** The headers a provider reports its request and token limits in. */
export interface RateLimitHeaderNames {
  requestsLimit: string;
  requestsRemaining: string;
  requestsReset: string;
  tokensLimit: string;
  tokensRemaining: string;
  tokensReset: string;
}

const count = (headers: Headers, name: string): number | undefined => {
  const value = headers.get(name);
  if (value === null || value.trim() === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
};

/**
 * A response's rate-limit headers as `RateLimitInfo`. Counts are read as numbers; each provider
 * writes its reset times its own way (a date, a duration), so `resetAt` turns a reset header into
 * epoch milliseconds. An absent or unreadable value is left out; no readable value at all is
 * undefined.
 */
export function readRateLimitHeaders(
  headers: Headers,
  names: RateLimitHeaderNames,
  resetAt: (value: string) => number | undefined,
): RateLimitInfo | undefined {
  const reset = (name: string) => {
    const value = headers.get(name);
    return value === null ? undefined : resetAt(value);
  };
  const info: RateLimitInfo = {
    requestsLimit: count(headers, names.requestsLimit),
    requestsRemaining: count(headers, names.requestsRemaining),
    requestsResetAt: reset(names.requestsReset),
    tokensLimit: count(headers, names.tokensLimit),
    tokensRemaining: count(headers, names.tokensRemaining),
    tokensResetAt: reset(names.tokensReset),
  };
  const known = Object.entries(info).filter(([, value]) => value !== undefined);
  return known.length > 0 ? (Object.fromEntries(known) as RateLimitInfo) : undefined;
}
