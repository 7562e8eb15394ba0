import { type RateLimitInfo, readRateLimitHeaders } from '@llmux/core';

const names = {
  requestsLimit: 'anthropic-ratelimit-requests-limit',
  requestsRemaining: 'anthropic-ratelimit-requests-remaining',
  requestsReset: 'anthropic-ratelimit-requests-reset',
  tokensLimit: 'anthropic-ratelimit-tokens-limit',
  tokensRemaining: 'anthropic-ratelimit-tokens-remaining',
  tokensReset: 'anthropic-ratelimit-tokens-reset',
};

/** Anthropic writes reset times as RFC 3339 dates. */
const dateOf = (value: string): number | undefined => {
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
};

/**
 * The `anthropic-ratelimit-requests-*` and `-tokens-*` headers (tokens: the most restrictive
 * token limit in effect), or undefined when the response has none.
 */
export const readAnthropicRateLimits = (headers: Headers): RateLimitInfo | undefined =>
  readRateLimitHeaders(headers, names, dateOf);
