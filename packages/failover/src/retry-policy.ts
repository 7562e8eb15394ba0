import type { LlmuxError } from '@llmux/core';
import { type Backoff, exponentialBackoff } from './backoff.js';
import { functionOption, numberOption, objectOption } from './validate-options.js';

export interface RetryOptions {
  /** Calls made to one candidate at most, the first included. Default 2. */
  maxAttempts?: number;
  /** First retry's delay ceiling for the default backoff. Default 500 ms. */
  baseMs?: number;
  /** Delay ceiling for the default backoff. Default 10 000 ms. */
  capMs?: number;
  /**
   * A server's `retry-after` (or `retry-after-ms`) is waited out exactly when at most this long;
   * a longer one moves on to the next candidate instead. Default 10 000 ms.
   */
  maxRetryAfterMs?: number;
  /** Replaces the default exponential full-jitter backoff (then `baseMs`/`capMs` are unused). */
  backoff?: Backoff;
}

export interface RetryPolicy {
  /**
   * How long to wait before calling the same candidate again after `attempt` calls ended in
   * `error`; undefined when it should not be called again.
   */
  delayFor(error: LlmuxError, attempt: number): number | undefined;
}

export function createRetryPolicy(
  input: RetryOptions | undefined,
  random: () => number,
  field = 'retry',
): RetryPolicy {
  const options = objectOption(input, field);
  const maxAttempts = numberOption(
    options.maxAttempts,
    `${field}.maxAttempts`,
    { integer: true, min: 1 },
    2,
  );
  const maxRetryAfterMs = numberOption(
    options.maxRetryAfterMs,
    `${field}.maxRetryAfterMs`,
    { min: 0 },
    10_000,
  );
  const backoff =
    functionOption(options.backoff, `${field}.backoff`) ??
    exponentialBackoff({ baseMs: options.baseMs, capMs: options.capMs, random }, field);

  return {
    delayFor(error, attempt) {
      if (attempt >= maxAttempts || !error.retryable) return undefined;
      if (error.retryAfterMs !== undefined) {
        return error.retryAfterMs <= maxRetryAfterMs ? error.retryAfterMs : undefined;
      }
      return backoff(attempt);
    },
  };
}
