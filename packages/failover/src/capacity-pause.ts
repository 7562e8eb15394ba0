import type { Clock, LlmuxError } from '@llmux/core';
import { isCapacitySignal } from './failover-policy.js';
import { numberOption, objectOption } from './validate-options.js';

export interface CapacityOptions {
  /**
   * How long a candidate that said it is busy (429, overloaded) without a retry-after goes after
   * the others in this process's plans. Default 1000 ms.
   */
  pauseMs?: number;
  /**
   * A candidate that keeps saying it is busy is paused twice as long each time (from `pauseMs`),
   * up to this: a provider answering 529 to every call gets a call now and then, not one per
   * request. A success starts it over. Default 30 000 ms.
   */
  maxPauseMs?: number;
}

export interface CapacityPause {
  /** Learns from how a call ended: a capacity signal pauses its candidate, a success ends that. */
  record(key: string, error: LlmuxError | undefined): void;
  /** The plan with its paused candidates moved after the others, each group in its own order. */
  order<C extends { key: string }>(candidates: C[]): C[];
}

/**
 * Capacity signals shape traffic: a candidate that said "busy, retry after N" is tried after the
 * others for N (or `pauseMs`, doubled for each busy answer in a row up to `maxPauseMs`), so
 * requests go first where there is room, yet it is still tried when nothing else answers. A
 * success from it ends the pause. The state is this process's
 * own: a busy answer is about the moment, not worth sharing with a fleet.
 */
export function createCapacityPause(
  input: CapacityOptions | undefined,
  clock: Clock,
  field = 'capacity',
): CapacityPause {
  const options = objectOption(input, field);
  const pauseMs = numberOption(options.pauseMs, `${field}.pauseMs`, { min: 0 }, 1000);
  const maxPauseMs = numberOption(
    options.maxPauseMs,
    `${field}.maxPauseMs`,
    { min: pauseMs },
    Math.max(pauseMs, 30_000),
  );
  const pauses = new Map<string, { until: number; strikes: number }>();

  const paused = (key: string, now: number) => (pauses.get(key)?.until ?? 0) > now;

  return {
    record(key, error) {
      if (!error) {
        pauses.delete(key);
        return;
      }
      if (!isCapacitySignal(error)) return;
      const strikes = (pauses.get(key)?.strikes ?? 0) + 1;
      const backoff = Math.min(maxPauseMs, pauseMs * 2 ** (strikes - 1));
      const until = clock.now() + Math.max(error.retryAfterMs ?? 0, backoff);
      pauses.set(key, { until: Math.max(pauses.get(key)?.until ?? 0, until), strikes });
    },
    order(candidates) {
      const now = clock.now();
      const busy = candidates.filter((c) => paused(c.key, now));
      if (busy.length === 0) return candidates;
      return [...candidates.filter((c) => !paused(c.key, now)), ...busy];
    },
  };
}
