import type { Clock } from './clock.js';

/** Ends the timer once `work` settles; given a reason, `abort` need not build a DOMException. */
const settled = Symbol('settled');

/**
 * Settles as `work` does, or rejects with `onTimeout()` once `ms` have passed on the clock first.
 * The timer is cleared either way, so nothing is left pending.
 */
export async function withTimeout<T>(
  work: Promise<T>,
  ms: number,
  clock: Clock,
  onTimeout: () => unknown,
): Promise<T> {
  const stop = new AbortController();
  const timeout = clock.sleep(ms, stop.signal).then(
    () => {
      throw onTimeout();
    },
    // Stopped because `work` settled first: this branch of the race no longer matters.
    () => undefined as never,
  );
  try {
    return await Promise.race([work, timeout]);
  } finally {
    stop.abort(settled);
  }
}
