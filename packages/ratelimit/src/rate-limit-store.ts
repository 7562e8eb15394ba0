/**
 * Where a limiter keeps its counts. A store is told the time by its caller (`now`), so one
 * injected clock drives memory and Redis alike. Every method is atomic: a reservation checks and
 * takes every limit at once, or takes nothing.
 */
export interface RateLimitStore {
  /** Takes `cost` from every window, budget and concurrency lease of the plan, if all have room. */
  reserve(plan: ReservationPlan): Promise<ReserveOutcome>;
  /** Corrects windows to actual use, moves budget holds to actual spend, ends leases. */
  settle(settlement: Settlement): Promise<void>;
  /** Stops reservations under `pauseKey` until `until` (epoch ms); never shortens a pause. */
  pause(pauseKey: string, until: number, now: number): Promise<void>;
  /** What is used right now, for headroom and spend reports. */
  read(query: UsageQuery): Promise<UsageReading>;
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
 * held may go once calls in flight settle.
 */
export interface BudgetReservation {
  key: string;
  limit: number;
  /** Estimated USD, held until the call settles. */
  cost: number;
  /** When the count may be forgotten, epoch ms. */
  expireAt: number;
}

export interface LeaseReservation {
  key: string;
  limit: number;
  /** A lease still held this long after it was taken is dropped (its process died). */
  ttlMs: number;
}

export interface ReservationPlan {
  now: number;
  /** Unique across every process sharing the store: names the concurrency leases. */
  id: string;
  pauseKey: string;
  windows: WindowReservation[];
  budgets: BudgetReservation[];
  leases: LeaseReservation[];
}

export type BlockReason = 'budget' | 'paused' | 'window' | 'budget-held' | 'concurrency';

/**
 * Blocked reservations say by what, in this order: a spent budget, the pause, the window that
 * frees up last, a budget held by calls in flight, concurrency. `index` is into the plan's list
 * of that kind; `retryAfterMs` is known for pauses and windows.
 */
export type ReserveOutcome =
  | { ok: true }
  | { ok: false; blockedBy: BlockReason; index: number; retryAfterMs?: number };

export interface Settlement {
  now: number;
  id: string;
  /** Additions to the slot each reservation went into; skipped once that slot is out of range. */
  windows: Array<{ key: string; slot: number; delta: number; slotMs: number; span: number }>;
  /** Additions to what a budget has spent and holds; skipped once `expireAt` has passed. */
  budgets: Array<{ key: string; spent: number; held: number; expireAt: number }>;
  /** Lease keys that `id` holds a lease under. */
  leases: string[];
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
