import { type RateLimitInfo, readRateLimitHeaders } from '@llmux/core';

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

const names = {
  requestsLimit: 'x-ratelimit-limit-requests',
  requestsRemaining: 'x-ratelimit-remaining-requests',
  requestsReset: 'x-ratelimit-reset-requests',
  tokensLimit: 'x-ratelimit-limit-tokens',
  tokensRemaining: 'x-ratelimit-remaining-tokens',
  tokensReset: 'x-ratelimit-reset-tokens',
};

/** The `x-ratelimit-*` headers of a response, resets relative to `now`; undefined without any. */
export function readOpenAIRateLimits(headers: Headers, now: number): RateLimitInfo | undefined {
  return readRateLimitHeaders(headers, names, (value) => {
    const ms = parseResetDuration(value);
    return ms === undefined ? undefined : now + ms;
  });
}
