import { describe, expect, it } from 'vitest';
import { type RateLimitHeaderNames, readRateLimitHeaders } from './read-rate-limit-headers.js';

const names: RateLimitHeaderNames = {
  requestsLimit: 'x-requests-limit',
  requestsRemaining: 'x-requests-remaining',
  requestsReset: 'x-requests-reset',
  tokensLimit: 'x-tokens-limit',
  tokensRemaining: 'x-tokens-remaining',
  tokensReset: 'x-tokens-reset',
};
/** Resets written as whole seconds from now (1000). */
const inSeconds = (value: string) =>
  /^\d+$/.test(value) ? 1000 + Number(value) * 1000 : undefined;

describe('readRateLimitHeaders', () => {
  it('reads counts as numbers and resets through the provider reader', () => {
    const headers = new Headers({
      'x-requests-limit': '60',
      'x-requests-remaining': '59',
      'x-requests-reset': '1',
      'x-tokens-limit': '150000',
      'x-tokens-remaining': '149984',
      'x-tokens-reset': '360',
    });
    expect(readRateLimitHeaders(headers, names, inSeconds)).toEqual({
      requestsLimit: 60,
      requestsRemaining: 59,
      requestsResetAt: 2000,
      tokensLimit: 150_000,
      tokensRemaining: 149_984,
      tokensResetAt: 361_000,
    });
  });

  it('leaves out what is absent or unreadable', () => {
    const headers = new Headers({
      'x-requests-limit': 'lots',
      'x-requests-remaining': ' ',
      'x-tokens-remaining': '7',
      'x-tokens-reset': 'later',
    });
    expect(readRateLimitHeaders(headers, names, inSeconds)).toEqual({ tokensRemaining: 7 });
  });

  it('is undefined when no header is readable', () => {
    expect(
      readRateLimitHeaders(new Headers({ 'request-id': 'r1' }), names, inSeconds),
    ).toBeUndefined();
    expect(
      readRateLimitHeaders(new Headers({ 'x-tokens-limit': '10k' }), names, inSeconds),
    ).toBeUndefined();
  });
});
