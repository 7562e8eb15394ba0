import { functionOption, numberOption } from './validate-options.js';

/** Milliseconds to wait before retry number `retry` (1 for the first retry). */
export type Backoff = (retry: number) => number;

export interface ExponentialBackoffOptions {
  /** Ceiling of the first retry's delay. Default 500 ms. */
  baseMs?: number;
  /** No delay exceeds this. Default 10 000 ms. */
  capMs?: number;
  /** Uniform in [0, 1); injected so tests can predict the jitter. Default `Math.random`. */
  random?: () => number;
}

/**
 * Exponential backoff with full jitter: a delay drawn uniformly from
 * [0, min(cap, base * 2^(retry - 1))). Spreading retries over the whole range keeps a fleet of
 * clients that failed together from retrying together.
 */
export function exponentialBackoff(
  options: ExponentialBackoffOptions = {},
  field = 'backoff',
): Backoff {
  const baseMs = numberOption(options.baseMs, `${field}.baseMs`, { above: 0 }, 500);
  const capMs = numberOption(options.capMs, `${field}.capMs`, { min: baseMs }, 10_000);
  const random = functionOption(options.random, `${field}.random`, Math.random);
  return (retry) => random() * Math.min(capMs, baseMs * 2 ** Math.max(0, retry - 1));
}
