import { type Clock, LlmuxError, withTimeout } from '@llmux/core';
import { createMemoryStore, isMemoryStore } from './memory-store.js';
import type { RateLimitStore, Settlement } from './rate-limit-store.js';

/** What the limiter does while its store (Redis) cannot be reached. */
export interface OutageOptions {
  /**
   * `fail-closed` refuses every call (a `server_error`) until the store answers again; `local`
   * counts in this process alone, against `localShare` of each limit. Default `fail-closed`.
   */
  mode: 'fail-closed' | 'local';
  /** Share of each limit one process may use while counting alone, 0 to 1. Default 1. */
  localShare?: number;
  /** How long a store call may take before it counts as failed. Default 1000 ms. */
  timeoutMs?: number;
  /** After a failure, how long the store is left alone before it is tried again. Default 1000 ms. */
  retryMs?: number;
}

export interface StoreGuard {
  /** Runs `op` on the store, or, while it is out, as the outage mode says. */
  use<T>(op: (store: RateLimitStore, share: number) => Promise<T>): Promise<T>;
  /** Ends a reservation in the store that made it; a failure leaves the estimate counted. */
  settle(store: RateLimitStore, settlement: Settlement): Promise<void>;
}

const storeUnavailable = (cause: unknown) =>
  new LlmuxError({
    kind: 'server_error',
    message: 'The rate-limit store cannot be reached, and the outage mode is fail-closed',
    cause,
  });

export function guardStore(
  primary: RateLimitStore,
  outage: Required<OutageOptions>,
  clock: Clock,
): StoreGuard {
  const local = createMemoryStore();
  let outUntil = -Infinity;
  let lastError: unknown;

  // A memory store answers at once: racing it against a timer would only cost a timer per call.
  const timed = <T>(store: RateLimitStore, work: Promise<T>): Promise<T> =>
    isMemoryStore(store)
      ? work
      : withTimeout(
          work,
          outage.timeoutMs,
          clock,
          () => new Error(`The rate-limit store did not answer within ${outage.timeoutMs} ms`),
        );

  const failed = (error: unknown) => {
    lastError = error;
    outUntil = clock.now() + outage.retryMs;
  };

  return {
    async use(op) {
      if (clock.now() >= outUntil) {
        try {
          return await timed(primary, op(primary, 1));
        } catch (error) {
          failed(error);
        }
      }
      if (outage.mode === 'fail-closed') throw storeUnavailable(lastError);
      return op(local, outage.localShare);
    },
    async settle(store, settlement) {
      try {
        await timed(store, store.settle(settlement));
      } catch (error) {
        if (store === primary) failed(error);
      }
    },
  };
}
