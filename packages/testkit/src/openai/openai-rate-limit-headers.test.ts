import { describe, expect, it } from 'vitest';
import { formatResetDuration, openaiRateLimitHeaders } from './openai-rate-limit-headers.js';

describe('formatResetDuration', () => {
  it.each([
    [0, '0ms'],
    [6, '6ms'],
    [12.5, '12.5ms'],
    [1000, '1s'],
    [8640, '8.64s'],
    [59_999, '59.999s'],
    [360_000, '6m0s'],
    [61_500, '1m1.5s'],
    [3_723_000, '1h2m3s'],
    [-5, '0ms'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatResetDuration(ms)).toBe(text);
  });
});

describe('openaiRateLimitHeaders', () => {
  it('writes every known field with the documented names', () => {
    expect(
      openaiRateLimitHeaders({
        requestsLimit: 60,
        requestsRemaining: 59,
        requestsResetMs: 1000,
        tokensLimit: 150_000,
        tokensRemaining: 149_984,
        tokensResetMs: 360_000,
      }),
    ).toEqual({
      'x-ratelimit-limit-requests': '60',
      'x-ratelimit-remaining-requests': '59',
      'x-ratelimit-reset-requests': '1s',
      'x-ratelimit-limit-tokens': '150000',
      'x-ratelimit-remaining-tokens': '149984',
      'x-ratelimit-reset-tokens': '6m0s',
    });
  });

  it('leaves out unknown fields and never reports a negative remainder', () => {
    expect(openaiRateLimitHeaders({ requestsLimit: 3, requestsRemaining: -1 })).toEqual({
      'x-ratelimit-limit-requests': '3',
      'x-ratelimit-remaining-requests': '0',
    });
    expect(openaiRateLimitHeaders({})).toEqual({});
  });
});
