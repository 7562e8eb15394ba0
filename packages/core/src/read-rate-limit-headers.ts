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

const count = (value: string): number | undefined => {
  if (value.trim() === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
};

/** Each field, the header it is read from, and whether that header holds a reset time. */
const fields: Array<[keyof RateLimitInfo, keyof RateLimitHeaderNames, boolean]> = [
  ['requestsLimit', 'requestsLimit', false],
  ['requestsRemaining', 'requestsRemaining', false],
  ['requestsResetAt', 'requestsReset', true],
  ['tokensLimit', 'tokensLimit', false],
  ['tokensRemaining', 'tokensRemaining', false],
  ['tokensResetAt', 'tokensReset', true],
];

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
  // Filled field by field, not built whole then filtered: this runs for every response.
  let info: RateLimitInfo | undefined;
  for (const [field, name, isReset] of fields) {
    const raw = headers.get(names[name]);
    const value = raw === null ? undefined : isReset ? resetAt(raw) : count(raw);
    if (value === undefined) continue;
    info ??= {};
    info[field] = value;
  }
  return info;
}
