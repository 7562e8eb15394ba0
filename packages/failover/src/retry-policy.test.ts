import { LlmuxError } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { createRetryPolicy } from './retry-policy.js';

const error = (
  kind: LlmuxError['kind'],
  extra: { retryAfterMs?: number; retryable?: boolean } = {},
) => new LlmuxError({ kind, message: kind, ...extra });

describe('createRetryPolicy', () => {
  const half = () => 0.5;

  it('retries transient errors with backoff until maxAttempts calls were made', () => {
    const retry = createRetryPolicy({ maxAttempts: 3, baseMs: 100 }, half);
    expect(retry.delayFor(error('server_error'), 1)).toBe(50);
    expect(retry.delayFor(error('overloaded'), 2)).toBe(100);
    expect(retry.delayFor(error('overloaded'), 3)).toBeUndefined();
  });

  it('makes two attempts by default, waiting out retry-after up to 10 s', () => {
    const retry = createRetryPolicy(undefined, half);
    expect(retry.delayFor(error('timeout'), 1)).toBe(250);
    expect(retry.delayFor(error('timeout'), 2)).toBeUndefined();
    expect(retry.delayFor(error('rate_limited', { retryAfterMs: 10_000 }), 1)).toBe(10_000);
    expect(retry.delayFor(error('rate_limited', { retryAfterMs: 10_001 }), 1)).toBeUndefined();
  });

  it('does not retry what is not retryable', () => {
    const retry = createRetryPolicy({ maxAttempts: 5 }, half);
    for (const kind of [
      'invalid_request',
      'authentication',
      'context_length_exceeded',
      'cancelled',
    ] as const) {
      expect(retry.delayFor(error(kind), 1)).toBeUndefined();
    }
    // A 429 for an exhausted quota, which the adapter marks not retryable.
    expect(retry.delayFor(error('rate_limited', { retryable: false }), 1)).toBeUndefined();
  });

  it('waits out retry-after exactly, up to maxRetryAfterMs', () => {
    const retry = createRetryPolicy({ maxAttempts: 3, maxRetryAfterMs: 5000 }, half);
    expect(retry.delayFor(error('rate_limited', { retryAfterMs: 4200 }), 1)).toBe(4200);
    expect(retry.delayFor(error('rate_limited', { retryAfterMs: 5000 }), 1)).toBe(5000);
    expect(retry.delayFor(error('rate_limited', { retryAfterMs: 5001 }), 1)).toBeUndefined();
    expect(retry.delayFor(error('rate_limited', { retryAfterMs: 0 }), 1)).toBe(0);
  });

  it('uses an injected backoff', () => {
    const retry = createRetryPolicy({ maxAttempts: 4, backoff: (n) => n * 1000 }, half);
    expect(retry.delayFor(error('network'), 3)).toBe(3000);
  });

  it('rejects bad options, naming the field', () => {
    expect(() => createRetryPolicy({ maxAttempts: 0 }, half)).toThrow(/"retry\.maxAttempts"/);
    expect(() => createRetryPolicy({ maxAttempts: 1.5 }, half)).toThrow(/an integer >= 1/);
    expect(() => createRetryPolicy({ maxRetryAfterMs: -1 }, half)).toThrow(
      /"retry\.maxRetryAfterMs"/,
    );
    expect(() => createRetryPolicy({ baseMs: Number.NaN }, half)).toThrow(/"retry\.baseMs"/);
    expect(() => createRetryPolicy(3 as never, half)).toThrow(
      /"retry": expected an options object/,
    );
  });
});
