/** Time, injected so that every timing behaviour can be tested without sleeping. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Calls `fire` after `ms` unless the function it returns is called first. Optional: a timer
   * that is nearly always cancelled (a timeout) costs less this way than as a sleep with an
   * abort signal; `startTimer` falls back to `sleep` without it.
   */
  setTimer?(ms: number, fire: () => void): () => void;
}

const abortReason = (signal: AbortSignal): unknown =>
  signal.reason ?? new DOMException('This operation was aborted', 'AbortError');

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortReason(signal));
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortReason(signal!));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
  setTimer: (ms, fire) => {
    const timer = setTimeout(fire, ms);
    return () => clearTimeout(timer);
  },
};

/** Given to `abort` when a timer is cancelled: a reason spares building a DOMException. */
const cancelled = Symbol('timer cancelled');

/**
 * Calls `fire` (which must not throw) after `ms` on the clock unless the function it returns is
 * called first: with the clock's `setTimer`, else as a sleep.
 */
export function startTimer(clock: Clock, ms: number, fire: () => void): () => void {
  if (clock.setTimer) return clock.setTimer(ms, fire);
  const stop = new AbortController();
  clock.sleep(ms, stop.signal).then(fire, () => undefined);
  return () => stop.abort(cancelled);
}

export interface ManualClock extends Clock {
  /** Moves time forward, resolving every sleep (and firing every timer) that falls due, in order. */
  advance(ms: number): Promise<void>;
  /** Moves time to the next pending sleep or timer and resolves it; false when none is pending. */
  next(): Promise<boolean>;
  /** How many sleeps and timers are waiting. */
  pending(): number;
  setTimer(ms: number, fire: () => void): () => void;
}

interface Sleeper {
  at: number;
  seq: number;
  resolve: () => void;
}

/** A clock that moves only when told to, for tests. */
export function createManualClock(start = 0): ManualClock {
  let now = start;
  let seq = 0;
  const sleepers: Sleeper[] = [];
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

  const fire = async (until: number) => {
    for (;;) {
      sleepers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const first = sleepers[0];
      if (!first || first.at > until) break;
      sleepers.shift();
      now = Math.max(now, first.at);
      first.resolve();
      await settle();
    }
  };

  return {
    now: () => now,
    sleep(ms, signal) {
      return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(abortReason(signal));
        const sleeper: Sleeper = {
          at: now + Math.max(0, ms),
          seq: seq++,
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          sleepers.splice(sleepers.indexOf(sleeper), 1);
          reject(abortReason(signal!));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        sleepers.push(sleeper);
      });
    },
    setTimer(ms, fire) {
      const timer: Sleeper = { at: now + Math.max(0, ms), seq: seq++, resolve: fire };
      sleepers.push(timer);
      return () => {
        const index = sleepers.indexOf(timer);
        if (index >= 0) sleepers.splice(index, 1);
      };
    },
    async advance(ms) {
      await settle();
      const until = now + ms;
      await fire(until);
      now = until;
    },
    async next() {
      await settle();
      const first = [...sleepers].sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!first) return false;
      await fire(first.at);
      return true;
    },
    pending: () => sleepers.length,
  };
}
