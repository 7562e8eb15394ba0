import { LlmuxError } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { headerShares, pauseFromError, pauseFromHeaders } from './provider-signals.js';

describe('provider signals', () => {
  const now = 1_000_000;

  it('pauses until the latest reset of an empty allowance', () => {
    expect(pauseFromHeaders({ requestsRemaining: 0, requestsResetAt: now + 500 }, now, 1_000)).toBe(
      now + 500,
    );
    expect(
      pauseFromHeaders(
        {
          requestsRemaining: 0,
          requestsResetAt: now + 500,
          tokensRemaining: 0,
          tokensResetAt: now + 900,
        },
        now,
        1_000,
      ),
    ).toBe(now + 900);
    expect(pauseFromHeaders({ tokensRemaining: 0 }, now, 1_000)).toBe(now + 1_000);
  });

  it('does not pause while there is allowance left, or once the reset has passed', () => {
    expect(
      pauseFromHeaders({ requestsRemaining: 3, requestsResetAt: now + 500 }, now, 1_000),
    ).toBeUndefined();
    expect(
      pauseFromHeaders({ requestsRemaining: 0, requestsResetAt: now - 1 }, now, 1_000),
    ).toBeUndefined();
    expect(pauseFromHeaders(undefined, now, 1_000)).toBeUndefined();
  });

  it('pauses for a 429’s retry-after only', () => {
    const limited = new LlmuxError({ kind: 'rate_limited', message: '429', retryAfterMs: 3_000 });
    expect(pauseFromError(limited, now, 1_000)).toBe(now + 3_000);
    expect(
      pauseFromError(new LlmuxError({ kind: 'rate_limited', message: '429' }), now, 1_000),
    ).toBe(now + 1_000);
    expect(
      pauseFromError(new LlmuxError({ kind: 'overloaded', message: '529' }), now, 1_000),
    ).toBeUndefined();
    expect(pauseFromError(new Error('429'), now, 1_000)).toBeUndefined();
  });

  it('believes headers until their reset, or a minute without one', () => {
    const info = {
      requestsLimit: 100,
      requestsRemaining: 25,
      tokensLimit: 1_000,
      tokensRemaining: 900,
    };
    expect(headerShares({ info, at: now }, now + 59_000)).toEqual({ requests: 0.25, tokens: 0.9 });
    expect(headerShares({ info, at: now }, now + 61_000)).toEqual({});
    const resetting = { ...info, requestsResetAt: now + 100 };
    expect(headerShares({ info: resetting, at: now }, now + 100).requests).toBeUndefined();
    expect(headerShares(undefined, now)).toEqual({});
  });
});
