/**
 * Where a limiter keeps its counts. A store is told the time by its caller (`now`), so one
 * injected clock drives memory and Redis alike. Every method is atomic: a reservation checks and
 * takes every limit at once, or takes nothing.
 *
 * Nothing a reservation holds outlives its caller for long: leases and budget holds lapse
 * `ttlMs` after they were taken or last renewed, and a reservation once ended (settled, or
 * abandoned by a caller that gave up on the store) is remembered as ended for twice that, so a
 * command about it that arrives late does nothing, in whatever order commands arrive.
 *
 * A store shared over a network bounds every call itself and fails at once while it is known
 * to be out (the Redis store does both); the limiter counts alone while its calls fail.
 */
export interface RateLimitStore {
  /** Takes `cost` from every window, budget and concurrency lease of the plan, if all have room. */
  reserve(plan: ReservationPlan): Promise<ReserveOutcome>;
  /** Ends a reservation: corrects windows to actual use, adds actual spend, drops its holds and leases. */
  settle(settlement: Settlement): Promise<void>;
  /** Keeps live reservations' leases and holds for another `ttlMs`, and counts processes. */
  renew(renewal: Renewal): Promise<RenewOutcome>;
  /** Stops reservations under `pauseKey` until `until` (epoch ms); never shortens a pause. */
  pause(pauseKey: string, until: number, now: number): Promise<void>;
  /** What is used right now, for headroom and spend reports. */
  read(query: UsageQuery): Promise<UsageReading>;
  /** `read` at once, for a store in this process; a shared store has none. */
  readNow?(query: UsageQuery): UsageReading;
}

/** `limit` is `Infinity` for a count that is kept but does not limit. */
export interface WindowReservation {
  key: string;
  limit: number;
  cost: number;
  slotMs: number;
  span: number;
}

/**
 * A budget counts what settled calls spent and what calls in flight hold (their estimates). A
 * call that would overspend what is spent is refused for good; one that only would with what is
 * held may go once calls in flight settle. Only a budget with a limit holds anything.
 */
export interface BudgetReservation {
  key: string;
  limit: number;
  /** Estimated USD, held until the call settles or its hold lapses. */
  cost: number;
  /** When the count may be forgotten, epoch ms. */
  expireAt: number;
}

export interface LeaseReservation {
  key: string;
  limit: number;
}

export interface ReservationPlan {
  now: number;
  /** Unique across every process sharing the store: names the leases, holds and the end. */
  id: string;
  /** Leases and holds lapse this long after they were taken or last renewed. */
  ttlMs: number;
  pauseKey: string;
  windows: WindowReservation[];
  budgets: BudgetReservation[];
  leases: LeaseReservation[];
  /**
   * A call made elsewhere (a provider batch), only to count: no pause is checked (the call was
   * made); with no limit (-1) and no lease, nothing blocks it.
   */
  countOnly?: boolean;
}

export type BlockReason = 'budget' | 'paused' | 'window' | 'budget-held' | 'concurrency' | 'ended';

/**
 * Blocked reservations say by what, in this order: a reservation id that has ended already, a
 * spent budget, the pause, the window that frees up last, a budget held by calls in flight,
 * concurrency. `index` is into the plan's list of that kind; `retryAfterMs` is known for pauses
 * and windows.
 */
export type ReserveOutcome =
  | { ok: true }
  | { ok: false; blockedBy: BlockReason; index: number; retryAfterMs?: number };

export interface Settlement {
  now: number;
  id: string;
  /** The reservation's `ttlMs`: it is remembered as ended for twice as long. */
  ttlMs: number;
  /**
   * The caller gave up on the reserve before the store answered, so it may run late or not at
   * all: the reservation is undone if it was made (its windows corrected only if a lease or hold
   * of it is found) and can no longer be made.
   */
  abandoned?: boolean;
  /** Additions to the slot each reservation went into; skipped once that slot is out of range. */
  windows: Array<{ key: string; slot: number; delta: number; slotMs: number; span: number }>;
  /** Actual spend to add to each budget (skipped once `expireAt` has passed); the hold there ends. */
  budgets: Array<{ key: string; spent: number; expireAt: number }>;
  /** Lease keys that `id` holds a lease under. */
  leases: string[];
}

/** A live reservation to keep: what it holds, to extend or to put back if the store lost it. */
export interface RenewedReservation {
  id: string;
  ttlMs: number;
  leases: string[];
  /** The budgets it holds an amount of (those with a limit). */
  budgets: Array<{ key: string; amount: number; expireAt: number }>;
}

export interface Renewal {
  now: number;
  /**
   * The process renewing, kept in the store's list of live processes for `ttlMs`, so each
   * process learns how many share the store.
   */
  process?: { id: string; ttlMs: number };
  /** Reservations that ended already are left as they are. */
  reservations: RenewedReservation[];
}

export interface RenewOutcome {
  /** Processes on the list whose presence has not lapsed. */
  processes: number;
}

export interface UsageQuery {
  now: number;
  pauseKey: string;
  windows: Array<{ key: string; slotMs: number; span: number }>;
  budgets: string[];
  leases: string[];
}

/** Values in the order of the query. */
export interface UsageReading {
  pausedUntil?: number;
  windows: number[];
  /** What settled calls spent (holds of calls in flight left out). */
  budgets: number[];
  leases: number[];
}
