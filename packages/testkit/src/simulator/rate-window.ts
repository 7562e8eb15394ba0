import type { Clock } from '@llmux/core';

/** How long a rate window looks back: the providers' limits are per minute. */
export const WINDOW_MS = 60_000;

/**
 * A sliding window of amounts (requests or tokens) spent over the last `windowMs` on `clock`.
 * Amounts of the same millisecond share one entry and old ones leave on every add, so a window
 * holds at most `windowMs` entries, however long a simulator runs and whether or not a limit is
 * ever read.
 */
export function createRateWindow(clock: Clock, windowMs = WINDOW_MS) {
  let at: number[] = [];
  let amounts: number[] = [];
  /** Index of the oldest live entry: entries before it have left the window. */
  let head = 0;
  let total = 0;

  const prune = () => {
    const since = clock.now() - windowMs;
    while (head < at.length && at[head]! <= since) total -= amounts[head++]!;
    // Drop the dead prefix once it is most of the arrays, so each entry is moved O(1) times.
    if (head > 1024 && head * 2 > at.length) {
      at = at.slice(head);
      amounts = amounts.slice(head);
      head = 0;
    }
  };

  const used = () => {
    prune();
    return total;
  };

  return {
    used,
    /** Entries held: what the window costs in memory. */
    size: () => at.length - head,
    add(amount: number): void {
      if (amount <= 0) return;
      prune();
      const now = clock.now();
      const last = at.length - 1;
      if (last >= head && at[last] === now) amounts[last]! += amount;
      else {
        at.push(now);
        amounts.push(amount);
      }
      total += amount;
    },
    /**
     * Milliseconds until `amount` more fits under `limit`: 0 when it fits now, the whole window
     * when it never fits (more than the limit on its own).
     */
    msUntilRoom(amount: number, limit: number): number {
      let excess = used() + amount - limit;
      if (excess <= 0) return 0;
      if (amount > limit) return windowMs;
      const now = clock.now();
      for (let i = head; i < at.length; i++) {
        excess -= amounts[i]!;
        if (excess <= 0) return at[i]! + windowMs - now;
      }
      return windowMs;
    },
    clear(): void {
      at = [];
      amounts = [];
      head = 0;
      total = 0;
    },
  };
}

export type RateWindow = ReturnType<typeof createRateWindow>;
