import type { RateLimitInfo } from '@llmux/core';

const unitMs: Record<string, number> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 0.000_001,
};

/**
 * Milliseconds of a reset header, which OpenAI writes as a Go duration (`12ms`, `1s`, `6m0s`,
 * `1h2m3.5s`); undefined when the text is not one.
 */
export function parseResetDuration(text: string): number | undefined {
  const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text.trim()) return undefined;
  return parts.reduce((sum, [, value, unit]) => sum + Number(value) * unitMs[unit as string]!, 0);
}

const count = (headers: Headers, name: string): number | undefined => {
  const value = headers.get(name);
  if (value === null || value.trim() === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
};

const resetAt = (headers: Headers, name: string, now: number): number | undefined => {
  const value = headers.get(name);
  const ms = value === null ? undefined : parseResetDuration(value);
  return ms === undefined ? undefined : now + ms;
};

/** The `x-ratelimit-*` headers of a response; undefined when it carries none. */
export function parseOpenAIRateLimits(headers: Headers, now: number): RateLimitInfo | undefined {
  const info: RateLimitInfo = {
    requestsLimit: count(headers, 'x-ratelimit-limit-requests'),
    requestsRemaining: count(headers, 'x-ratelimit-remaining-requests'),
    requestsResetAt: resetAt(headers, 'x-ratelimit-reset-requests', now),
    tokensLimit: count(headers, 'x-ratelimit-limit-tokens'),
    tokensRemaining: count(headers, 'x-ratelimit-remaining-tokens'),
    tokensResetAt: resetAt(headers, 'x-ratelimit-reset-tokens', now),
  };
  const known = Object.entries(info).filter(([, value]) => value !== undefined);
  return known.length > 0 ? (Object.fromEntries(known) as RateLimitInfo) : undefined;
}
