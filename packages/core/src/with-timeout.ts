import { type Clock, startTimer } from './clock.js';

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
  let cancel = () => {};
  const timeout = new Promise<never>((_, reject) => {
    cancel = startTimer(clock, ms, () => {
      try {
        reject(onTimeout());
      } catch (error) {
        reject(error);
      }
    });
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    cancel();
  }
}
