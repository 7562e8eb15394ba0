import { invalidOption } from '@llmux/core';
import { numberOption, objectOption } from './validate-options.js';

export interface HedgeOptions {
  /**
   * Start the next candidate when the first has not produced its first token (for `generate`,
   * its response) after this long. With `percentile`, the delay used until enough is learned.
   */
  delayMs?: number;
  /** Learn the delay instead: this percentile (0 to 1, e.g. 0.95) of recent times to first token. */
  percentile?: number;
  /** Recent times to first token kept per model for learning. Default 100. */
  samples?: number;
  /** Times needed before the learned delay applies. Default 20. */
  minSamples?: number;
  /**
   * Largest share of requests that may be hedged. Each request adds this much budget (up to one
   * hedge's worth) and each hedge spends one, so at most one in 1/maxShare requests hedges, even
   * when a provider slows down for everyone. Default 0.1.
   */
  maxShare?: number;
}

export interface HedgePolicy {
  /** How long to wait for the first token of `key` before hedging; undefined: do not hedge. */
  delayFor(key: string): number | undefined;
  /** Learns from a call to `key` that produced its first token after `ms`. */
  observe(key: string, ms: number): void;
  /** Counts a request towards the hedge budget. */
  countRequest(): void;
  /** Whether a hedge may start now; spends the budget when it may. */
  admit(): boolean;
}

export function createHedgePolicy(input: HedgeOptions, field = 'hedge'): HedgePolicy {
  const options = objectOption(input, field);
  const delayMs = numberOption(options.delayMs, `${field}.delayMs`, { min: 0 });
  const percentile = numberOption(options.percentile, `${field}.percentile`, { above: 0, max: 1 });
  if (delayMs === undefined && percentile === undefined) {
    throw invalidOption(field, 'delayMs, percentile or both', undefined);
  }
  const size = numberOption(options.samples, `${field}.samples`, { integer: true, min: 1 }, 100);
  const minSamples = numberOption(
    options.minSamples,
    `${field}.minSamples`,
    { integer: true, min: 1, max: size },
    Math.min(20, size),
  );
  const maxShare = numberOption(options.maxShare, `${field}.maxShare`, { min: 0, max: 1 }, 0.1);

  const recent = new Map<string, number[]>();
  // Starts full so that the first slow request may hedge.
  let budget = maxShare > 0 ? 1 : 0;

  const learned = (key: string): number | undefined => {
    const times = recent.get(key);
    if (percentile === undefined || !times || times.length < minSamples) return undefined;
    const sorted = [...times].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil(percentile * sorted.length) - 1)];
  };

  return {
    delayFor: (key) => learned(key) ?? delayMs,
    observe(key, ms) {
      if (percentile === undefined) return;
      const times = recent.get(key) ?? [];
      recent.set(key, times);
      times.push(ms);
      if (times.length > size) times.shift();
    },
    countRequest() {
      budget = Math.min(1, budget + maxShare);
    },
    admit() {
      // Tolerates the rounding of repeated additions (ten times 0.1 is 0.9999999999999999).
      if (budget < 1 - 1e-9) return false;
      budget = Math.max(0, budget - 1);
      return true;
    },
  };
}
