import type { RateLimitInfo } from '@llmux/core';

const number = (headers: Headers, name: string) => {
  const value = Number.parseInt(headers.get(name) ?? '', 10);
  return Number.isFinite(value) ? value : undefined;
};

const time = (headers: Headers, name: string) => {
  const value = Date.parse(headers.get(name) ?? '');
  return Number.isNaN(value) ? undefined : value;
};

/**
 * The `anthropic-ratelimit-requests-*` and `-tokens-*` headers (tokens: the most restrictive
 * token limit in effect), or undefined when the response has none.
 */
export function readAnthropicRateLimits(headers: Headers): RateLimitInfo | undefined {
  const prefix = 'anthropic-ratelimit-';
  const info: RateLimitInfo = {
    requestsLimit: number(headers, `${prefix}requests-limit`),
    requestsRemaining: number(headers, `${prefix}requests-remaining`),
    requestsResetAt: time(headers, `${prefix}requests-reset`),
    tokensLimit: number(headers, `${prefix}tokens-limit`),
    tokensRemaining: number(headers, `${prefix}tokens-remaining`),
    tokensResetAt: time(headers, `${prefix}tokens-reset`),
  };
  const present = Object.entries(info).filter(([, value]) => value !== undefined);
  return present.length > 0 ? (Object.fromEntries(present) as RateLimitInfo) : undefined;
}
