import type { Clock, LlmuxError } from '@llmux/core';
import { isCapacitySignal } from './failover-policy.js';
import { numberOption, objectOption } from './validate-options.js';

export interface CapacityOptions {
  /**
   * How long a candidate that said it is busy (429, overloaded) without a retry-after goes after
   * the others in this process's plans. Default 1000 ms.
   */
  pauseMs?: number;
}

export interface CapacityPause {
  /** Learns from how a call ended: a capacity signal pauses its candidate, a success ends that. */
  record(key: string, error: LlmuxError | undefined): void;
  /** The plan with its paused candidates moved after the others, each group in its own order. */
  order<C extends { key: string }>(candidates: C[]): C[];
}

/**
 * Capacity signals shape traffic: a candidate that said "busy, retry after N" is tried after the
 * others for N (or `pauseMs`), so requests go first where there is room, yet it is still tried
 * when nothing else answers. A success from it ends the pause early. The state is this process's
 * own: a busy answer is about the moment, not worth sharing with a fleet.
 */
export function createCapacityPause(
  input: CapacityOptions | undefined,
  clock: Clock,
  field = 'capacity',
): CapacityPause {
  const options = objectOption(input, field);
  const pauseMs = numberOption(options.pauseMs, `${field}.pauseMs`, { min: 0 }, 1000);
  const pausedUntil = new Map<string, number>();

  const paused = (key: string, now: number) => (pausedUntil.get(key) ?? 0) > now;

  return {
    record(key, error) {
      if (!error) {
        pausedUntil.delete(key);
        return;
      }
      if (!isCapacitySignal(error)) return;
      const until = clock.now() + (error.retryAfterMs ?? pauseMs);
      pausedUntil.set(key, Math.max(pausedUntil.get(key) ?? 0, until));
    },
    order(candidates) {
      const now = clock.now();
      const busy = candidates.filter((c) => paused(c.key, now));
      if (busy.length === 0) return candidates;
      return [...candidates.filter((c) => !paused(c.key, now)), ...busy];
    },
  };
}
