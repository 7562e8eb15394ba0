import type { RateLimitState } from '../simulator/types.js';

const trimDecimals = (value: number, digits: number): string =>
  value.toFixed(digits).replace(/\.?0+$/, '');

/**
 * A duration the way OpenAI's reset headers write it (Go's `time.Duration` format):
 * `12ms`, `1s`, `8.64s`, `6m0s`, `1h2m3s`.
 */
export function formatResetDuration(ms: number): string {
  const total = Math.max(0, ms);
  if (total < 1000) return `${trimDecimals(total, 3)}ms`;
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const seconds = `${trimDecimals((total % 60_000) / 1000, 3)}s`;
  if (hours > 0) return `${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${minutes}m${seconds}`;
  return seconds;
}

/** `x-ratelimit-*` headers for the state the simulator knows; unknown fields are left out. */
export function openaiRateLimitHeaders(state: RateLimitState): Record<string, string> {
  const headers: Record<string, string> = {};
  const set = (name: string, value: string | undefined) => {
    if (value !== undefined) headers[name] = value;
  };
  const count = (value: number | undefined) =>
    value === undefined ? undefined : String(Math.max(0, Math.floor(value)));
  const reset = (value: number | undefined) =>
    value === undefined ? undefined : formatResetDuration(value);

  set('x-ratelimit-limit-requests', count(state.requestsLimit));
  set('x-ratelimit-limit-tokens', count(state.tokensLimit));
  set('x-ratelimit-remaining-requests', count(state.requestsRemaining));
  set('x-ratelimit-remaining-tokens', count(state.tokensRemaining));
  set('x-ratelimit-reset-requests', reset(state.requestsResetMs));
  set('x-ratelimit-reset-tokens', reset(state.tokensResetMs));
  return headers;
}
