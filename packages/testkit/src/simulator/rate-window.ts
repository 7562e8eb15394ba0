import type { Clock } from '@llmux/core';

/** How long a rate window looks back: the providers' limits are per minute. */
export const WINDOW_MS = 60_000;

/** A sliding window of amounts (requests or tokens) spent over the last `windowMs` on `clock`. */
export function createRateWindow(clock: Clock, windowMs = WINDOW_MS) {
  let entries: Array<{ at: number; amount: number }> = [];

  const prune = () => {
    const since = clock.now() - windowMs;
    entries = entries.filter((entry) => entry.at > since);
  };

  const used = () => {
    prune();
    return entries.reduce((sum, entry) => sum + entry.amount, 0);
  };

  return {
    used,
    add(amount: number): void {
      if (amount > 0) entries.push({ at: clock.now(), amount });
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
      for (const entry of entries) {
        excess -= entry.amount;
        if (excess <= 0) return entry.at + windowMs - now;
      }
      return windowMs;
    },
    clear(): void {
      entries = [];
    },
  };
}

export type RateWindow = ReturnType<typeof createRateWindow>;
