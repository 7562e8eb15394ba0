import { cancelledError, raceAbort } from '@llmux/core';

/** How a flight ended for those waiting on it. */
export type FlightOutcome<T> =
  | { type: 'value'; value: T }
  | { type: 'error'; error: unknown }
  /** The leader's own caller gave up; followers should try again rather than share that. */
  | { type: 'abandoned' };

/** The leader's handle on its flight. Only the first call settles it. */
export interface Flight<T> {
  /**
   * Shares the value. The flight stays joinable until `kept` settles (the value is being
   * stored), so identical requests arriving meanwhile get it too instead of calling again.
   */
  resolve(value: T, kept?: Promise<unknown>): void;
  reject(error: unknown): void;
  abandon(): void;
}

/**
 * Coalesces identical work in flight: the first caller for a key leads and does the work, the
 * others follow and receive its outcome. A failed flight is forgotten as soon as it settles.
 */
export class SingleFlight<T> {
  private readonly flights = new Map<string, Promise<FlightOutcome<T>>>();

  /** The flight in progress for a key, if any. */
  join(key: string): Promise<FlightOutcome<T>> | undefined {
    return this.flights.get(key);
  }

  /** Starts a flight for a key; the caller must settle it. */
  lead(key: string): Flight<T> {
    let settle!: (outcome: FlightOutcome<T>) => void;
    const outcome = new Promise<FlightOutcome<T>>((resolve) => {
      settle = resolve;
    });
    this.flights.set(key, outcome);
    let settled = false;
    const forget = () => {
      if (this.flights.get(key) === outcome) this.flights.delete(key);
    };
    const end = (result: FlightOutcome<T>, kept?: Promise<unknown>) => {
      if (settled) return;
      settled = true;
      settle(result);
      if (kept) void kept.finally(forget);
      else forget();
    };
    return {
      resolve: (value, kept) => end({ type: 'value', value }, kept),
      reject: (error) => end({ type: 'error', error }),
      abandon: () => end({ type: 'abandoned' }),
    };
  }
}

/** Waits for a flight; rejects with a `cancelled` error if the follower's own signal aborts first. */
export function follow<T>(
  flight: Promise<FlightOutcome<T>>,
  signal: AbortSignal | undefined,
): Promise<FlightOutcome<T>> {
  // A flight never rejects (its outcome says how it ended), so a rejection is the abort.
  return raceAbort(flight, signal).catch(() => {
    throw cancelledError(signal, 'cache');
  });
}
