import { type Clock, startTimer } from '@llmux/core';

/** How many renewals fit in a lease: one may fail, or come late, and the lease still holds. */
const RENEWALS_PER_LEASE = 3;

export interface ReservationKeeper<T> {
  /** Keeps `entry` renewed until it is removed. */
  add(id: string, entry: T): void;
  remove(id: string): void;
  /** Renews now, before any later call to the store, rather than at the next interval. */
  renewSoon(): void;
}

/**
 * The reservations a process has live, renewed together: one `renew` call per interval (a
 * third of the shortest lease) for all of them, not a timer per call. The timer runs only while
 * something is live, so an idle process keeps no timer; the first renewal of a busy spell goes
 * at once, so the store learns of the process early.
 */
export function createReservationKeeper<T extends { ttlMs: number }>(options: {
  clock: Clock;
  /** Renews every live entry; must not reject. */
  renew: (live: ReadonlyMap<string, T>) => Promise<void>;
}): ReservationKeeper<T> {
  const { clock, renew } = options;
  const live = new Map<string, T>();
  /** How many live entries have each lease: leases are few, entries many. */
  const leases = new Map<number, number>();
  let stopTimer: (() => void) | undefined;
  let renewing = false;
  let renewedAt = -Infinity;
  let dueAt = Infinity;

  const interval = () => {
    let shortest = Infinity;
    for (const ttlMs of leases.keys()) shortest = Math.min(shortest, ttlMs);
    return shortest / RENEWALS_PER_LEASE;
  };
  const count = (ttlMs: number, by: number) => {
    const left = (leases.get(ttlMs) ?? 0) + by;
    if (left > 0) leases.set(ttlMs, left);
    else leases.delete(ttlMs);
  };

  const arm = (delayMs: number) => {
    stopTimer?.();
    const delay = Math.max(0, delayMs);
    dueAt = clock.now() + delay;
    stopTimer = startTimer(clock, delay, tick);
  };

  const tick = () => {
    stopTimer = undefined;
    if (live.size === 0) return;
    renewing = true;
    renewedAt = clock.now();
    renew(live).finally(() => {
      renewing = false;
      if (live.size > 0 && !stopTimer) arm(renewedAt + interval() - clock.now());
    });
  };

  return {
    add(id, entry) {
      const before = live.get(id);
      if (before) count(before.ttlMs, -1);
      live.set(id, entry);
      count(entry.ttlMs, 1);
      // While renewing, the next timer is set once it is done, by the shortest lease then.
      if (renewing) return;
      // A renewal already due goes with the timer set for it: no timer again for each call.
      const now = clock.now();
      const due = Math.max(now, renewedAt + interval());
      if (!stopTimer || due < dueAt) arm(due - now);
    },
    remove(id) {
      const entry = live.get(id);
      if (!entry) return;
      live.delete(id);
      count(entry.ttlMs, -1);
      if (live.size === 0) {
        stopTimer?.();
        stopTimer = undefined;
      }
    },
    renewSoon() {
      if (live.size === 0 || renewing) return;
      stopTimer?.();
      tick();
    },
  };
}
