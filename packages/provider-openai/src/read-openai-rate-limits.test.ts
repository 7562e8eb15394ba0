import { describe, expect, it } from 'vitest';
import { parseResetDuration, readOpenAIRateLimits } from './read-openai-rate-limits.js';

describe('parseResetDuration', () => {
  it.each([
    ['12ms', 12],
    ['1s', 1000],
    ['8.64s', 8640],
    ['6m0s', 360_000],
    ['1h2m3.5s', 3_723_500],
    ['0s', 0],
    ['500us', 0.5],
  ])('%s is %d ms', (text, ms) => {
    expect(parseResetDuration(text)).toBeCloseTo(ms, 9);
  });

  it.each(['', 'soon', '5', '5 minutes', '1s!', '-1s'])('%j is not a duration', (text) => {
    expect(parseResetDuration(text)).toBeUndefined();
  });
});

describe('readOpenAIRateLimits', () => {
  it('reads the documented headers, resets relative to now', () => {
    const headers = new Headers({
      'x-ratelimit-limit-requests': '60',
      'x-ratelimit-limit-tokens': '150000',
      'x-ratelimit-remaining-requests': '59',
      'x-ratelimit-remaining-tokens': '149984',
      'x-ratelimit-reset-requests': '1s',
      'x-ratelimit-reset-tokens': '6m0s',
    });
    expect(readOpenAIRateLimits(headers, 1_000_000)).toEqual({
      requestsLimit: 60,
      requestsRemaining: 59,
      requestsResetAt: 1_001_000,
      tokensLimit: 150_000,
      tokensRemaining: 149_984,
      tokensResetAt: 1_360_000,
    });
  });

  it('leaves out what is absent or unreadable, and is undefined without any', () => {
    const headers = new Headers({
      'x-ratelimit-limit-requests': 'lots',
      'x-ratelimit-remaining-tokens': '7',
      'x-ratelimit-reset-tokens': 'later',
    });
    expect(readOpenAIRateLimits(headers, 0)).toEqual({ tokensRemaining: 7 });
    expect(readOpenAIRateLimits(new Headers(), 0)).toBeUndefined();
  });
});
