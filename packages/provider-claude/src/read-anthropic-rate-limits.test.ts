import { describe, expect, it } from 'vitest';
import { readAnthropicRateLimits } from './read-anthropic-rate-limits.js';

describe('readAnthropicRateLimits', () => {
  it('reads the request and token headers with RFC 3339 reset times', () => {
    const headers = new Headers({
      'anthropic-ratelimit-requests-limit': '50',
      'anthropic-ratelimit-requests-remaining': '49',
      'anthropic-ratelimit-requests-reset': '2026-11-25T03:00:01Z',
      'anthropic-ratelimit-tokens-limit': '40000',
      'anthropic-ratelimit-tokens-remaining': '39000',
      'anthropic-ratelimit-tokens-reset': '2026-11-25T03:00:06Z',
    });
    expect(readAnthropicRateLimits(headers)).toEqual({
      requestsLimit: 50,
      requestsRemaining: 49,
      requestsResetAt: Date.parse('2026-11-25T03:00:01Z'),
      tokensLimit: 40000,
      tokensRemaining: 39000,
      tokensResetAt: Date.parse('2026-11-25T03:00:06Z'),
    });
  });

  it('is undefined without rate-limit headers, and skips unreadable values', () => {
    expect(readAnthropicRateLimits(new Headers({ 'request-id': 'req_1' }))).toBeUndefined();
    expect(
      readAnthropicRateLimits(
        new Headers({
          'anthropic-ratelimit-requests-limit': 'lots',
          'anthropic-ratelimit-requests-remaining': '3',
        }),
      ),
    ).toEqual({ requestsRemaining: 3 });
  });
});
