import type {
  RateLimitStore,
  Renewal,
  ReservationPlan,
  ReserveOutcome,
  Settlement,
  UsageQuery,
  UsageReading,
} from './rate-limit-store.js';
import {
  firstCountedSlot,
  pruneAndSum,
  type Slots,
  slotAt,
  waitForRoom,
} from './sliding-window.js';

interface WindowEntry {
  slots: Slots;
  expireAt: number;
}

interface BudgetEntry {
  spent: number;
  /** What the holds add up to. */
  held: number;
  /** Reservation id → the amount it holds and when the hold lapses. */
  holds: Map<string, { amount: number; expireAt: number }>;
  /** No hold lapses before this: until then, there is nothing to drop. */
  nextLapse: number;
  expireAt: number;
}

/** Ids (or processes) → when they lapse; none lapses before `nextLapse` (a lower bound). */
interface Expiries {
  at: Map<string, number>;
  nextLapse: number;
}

const expiries = (): Expiries => ({ at: new Map(), nextLapse: Infinity });

const expireAt = (held: Expiries, id: string, until: number) => {
  held.at.set(id, until);
  if (until < held.nextLapse) held.nextLapse = until;
};

/** How often, in store time, entries that lapsed are swept away. */
const SWEEP_EVERY_MS = 60_000;

const memoryStores = new WeakSet<RateLimitStore>();

/** Whether `store` is a memory store: it answers at once and cannot be out. */
export const isMemoryStore = (store: RateLimitStore): boolean => memoryStores.has(store);

/**
 * Drops what lapsed by `now`; returns what is live. Looks only once something may have lapsed:
 * leases are checked on every reservation, and there are as many as calls in flight.
 */
const live = (held: Expiries, now: number): Map<string, number> => {
  if (now < held.nextLapse) return held.at;
  let next = Infinity;
  held.at.forEach((until, id) => {
    if (until <= now) held.at.delete(id);
    else if (until < next) next = until;
  });
  held.nextLapse = next;
  return held.at;
};

/**
 * Reservations that ended, each remembered at least twice its lease (as Redis does), in two
 * generations that are dropped whole: one is made every such span, and the one before goes.
 */
function endedReservations() {
  let current = new Set<string>();
  let previous = new Set<string>();
  let since = -Infinity;
  let span = 0;
  const turn = (now: number) => {
    const age = now - since;
    if (age < span) return;
    previous = age < 2 * span ? current : new Set();
    current = new Set();
    since = now;
  };
  return {
    add(id: string, now: number, ttlMs: number) {
      turn(now);
      span = Math.max(span, 2 * ttlMs);
      current.add(id);
    },
    has(id: string, now: number) {
      turn(now);
      return current.has(id) || previous.has(id);
    },
  };
}

/**
 * A store for one process. Limiters that share one memory store share its scopes; for a fleet of
 * processes use the Redis store. It behaves as the Redis store does, lapses and all.
 */
export function createMemoryStore(): RateLimitStore {
  const windows = new Map<string, WindowEntry>();
  const budgets = new Map<string, BudgetEntry>();
  /** Lease key → reservation id → expiry. */
  const leases = new Map<string, Expiries>();
  const pauses = new Map<string, number>();
  const ended = endedReservations();
  const processes = expiries();
  let lastSweep = -Infinity;

  const sweep = (now: number) => {
    if (now - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = now;
    for (const map of [windows, budgets]) {
      for (const [key, entry] of map) if (entry.expireAt <= now) map.delete(key);
    }
    for (const [key, held] of leases) if (live(held, now).size === 0) leases.delete(key);
    for (const [key, until] of pauses) if (until <= now) pauses.delete(key);
    live(processes, now);
  };

  const slotsOf = (key: string): Slots => windows.get(key)?.slots ?? new Map();
  // Budget keys name their period, so an expired entry is never asked for: expiry only frees memory.
  const budgetOf = (key: string, expireAt: number): BudgetEntry => {
    let entry = budgets.get(key);
    if (!entry) {
      entry = { spent: 0, held: 0, holds: new Map(), nextLapse: Infinity, expireAt };
      budgets.set(key, entry);
    }
    entry.expireAt = Math.max(entry.expireAt, expireAt);
    return entry;
  };
  const spentOf = (key: string) => budgets.get(key)?.spent ?? 0;
  const dropHold = (entry: BudgetEntry, id: string) => {
    const hold = entry.holds.get(id);
    if (!hold) return undefined;
    entry.holds.delete(id);
    // Nothing is held: the total starts afresh rather than carry float error.
    entry.held = entry.holds.size === 0 ? 0 : entry.held - hold.amount;
    return hold;
  };
  const keepHold = (entry: BudgetEntry, id: string, amount: number, until: number) => {
    entry.holds.set(id, { amount, expireAt: until });
    entry.held += amount;
    entry.nextLapse = Math.min(entry.nextLapse, until);
  };
  /** What live holds add up to, once lapsed ones are dropped. */
  const heldOf = (key: string, now: number) => {
    const entry = budgets.get(key);
    if (!entry) return 0;
    if (now >= entry.nextLapse) {
      entry.nextLapse = Infinity;
      for (const [id, hold] of entry.holds) {
        if (hold.expireAt <= now) dropHold(entry, id);
        else entry.nextLapse = Math.min(entry.nextLapse, hold.expireAt);
      }
    }
    return entry.held;
  };
  const leasesOf = (key: string): Expiries => {
    let held = leases.get(key);
    if (!held) {
      held = expiries();
      leases.set(key, held);
    }
    return held;
  };
  const pausedUntil = (key: string, now: number) => {
    const until = pauses.get(key);
    return until !== undefined && until > now ? until : undefined;
  };

  const store: RateLimitStore = {
    async reserve(plan: ReservationPlan): Promise<ReserveOutcome> {
      const { now } = plan;
      sweep(now);
      if (ended.has(plan.id, now)) return { ok: false, blockedBy: 'ended', index: 0 };
      // Loops, not callbacks: this runs for every call.
      for (let index = 0; index < plan.budgets.length; index++) {
        const { key, limit, cost } = plan.budgets[index]!;
        const used = spentOf(key);
        if (used >= limit || used + cost > limit) return { ok: false, blockedBy: 'budget', index };
      }

      const paused = plan.countOnly ? undefined : pausedUntil(plan.pauseKey, now);
      if (paused !== undefined) {
        return { ok: false, blockedBy: 'paused', index: 0, retryAfterMs: paused - now };
      }

      let worst = -1;
      let worstWait = 0;
      for (let index = 0; index < plan.windows.length; index++) {
        const window = plan.windows[index]!;
        const slots = slotsOf(window.key);
        const used = pruneAndSum(slots, now, window);
        const wait = waitForRoom(slots, used, now, window, window.limit, window.cost);
        if (wait > worstWait) {
          worst = index;
          worstWait = wait;
        }
      }
      if (worst >= 0) {
        return { ok: false, blockedBy: 'window', index: worst, retryAfterMs: worstWait };
      }

      for (let index = 0; index < plan.budgets.length; index++) {
        const { key, limit, cost } = plan.budgets[index]!;
        if (spentOf(key) + heldOf(key, now) + cost > limit) {
          return { ok: false, blockedBy: 'budget-held', index };
        }
      }

      for (let index = 0; index < plan.leases.length; index++) {
        const { key, limit } = plan.leases[index]!;
        if (live(leasesOf(key), now).size >= limit) {
          return { ok: false, blockedBy: 'concurrency', index };
        }
      }

      const until = now + plan.ttlMs;
      for (const window of plan.windows) {
        const entry = windows.get(window.key) ?? { slots: new Map(), expireAt: 0 };
        const slot = slotAt(now, window.slotMs);
        entry.slots.set(slot, (entry.slots.get(slot) ?? 0) + window.cost);
        entry.expireAt = now + window.span * window.slotMs;
        windows.set(window.key, entry);
      }
      for (const budget of plan.budgets) {
        const entry = budgetOf(budget.key, budget.expireAt);
        if (Number.isFinite(budget.limit) && budget.cost > 0) {
          keepHold(entry, plan.id, budget.cost, until);
        }
      }
      for (const lease of plan.leases) expireAt(leasesOf(lease.key), plan.id, until);
      return { ok: true };
    },

    async settle(settlement: Settlement) {
      const { now, id } = settlement;
      if (ended.has(id, now)) return;
      let made = false;
      for (const { key } of settlement.budgets) {
        const entry = budgets.get(key);
        const hold = entry && dropHold(entry, id);
        if (hold && hold.expireAt > now) made = true;
      }
      for (const key of settlement.leases) if (live(leasesOf(key), now).delete(id)) made = true;
      if (!settlement.abandoned || made) {
        for (const { key, slot, delta, slotMs, span } of settlement.windows) {
          const slots = windows.get(key)?.slots;
          const amount = slots?.get(slot);
          if (amount === undefined || slot < firstCountedSlot(now, { slotMs, span })) continue;
          slots?.set(slot, amount + delta);
        }
        for (const budget of settlement.budgets) {
          if (budget.expireAt <= now || budget.spent === 0) continue;
          budgetOf(budget.key, budget.expireAt).spent += budget.spent;
        }
      }
      ended.add(id, now, settlement.ttlMs);
    },

    async renew(renewal: Renewal) {
      const { now } = renewal;
      sweep(now);
      for (const reservation of renewal.reservations) {
        if (ended.has(reservation.id, now)) continue;
        const until = now + reservation.ttlMs;
        for (const key of reservation.leases) expireAt(leasesOf(key), reservation.id, until);
        for (const { key, amount, expireAt } of reservation.budgets) {
          if (expireAt <= now) continue;
          const entry = budgetOf(key, expireAt);
          const hold = entry.holds.get(reservation.id);
          // A hold the store lost (it lapsed while the store could not be reached) is put back.
          if (hold) hold.expireAt = until;
          else keepHold(entry, reservation.id, amount, until);
        }
      }
      if (renewal.process) expireAt(processes, renewal.process.id, now + renewal.process.ttlMs);
      return { processes: live(processes, now).size };
    },

    async pause(pauseKey, until, now) {
      if (until > now && until > (pauses.get(pauseKey) ?? 0)) pauses.set(pauseKey, until);
    },

    async read(query) {
      return store.readNow!(query);
    },

    readNow(query: UsageQuery): UsageReading {
      const { now } = query;
      return {
        pausedUntil: pausedUntil(query.pauseKey, now),
        windows: query.windows.map((window) => pruneAndSum(slotsOf(window.key), now, window)),
        budgets: query.budgets.map((key) => Math.max(0, spentOf(key))),
        leases: query.leases.map((key) => live(leasesOf(key), now).size),
      };
    },
  };
  memoryStores.add(store);
  return store;
}
