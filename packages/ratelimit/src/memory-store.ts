import type {
  RateLimitStore,
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
  held: number;
  expireAt: number;
}

/** How often, in store time, entries of idle keys are swept away. */
const SWEEP_EVERY_MS = 60_000;

const memoryStores = new WeakSet<RateLimitStore>();

/** Whether `store` is a memory store: it answers at once and cannot be out. */
export const isMemoryStore = (store: RateLimitStore): boolean => memoryStores.has(store);

/**
 * A store for one process. Limiters that share one memory store share its scopes; for a fleet of
 * processes use the Redis store.
 */
export function createMemoryStore(): RateLimitStore {
  const windows = new Map<string, WindowEntry>();
  const budgets = new Map<string, BudgetEntry>();
  /** Lease key → reservation id → expiry. */
  const leases = new Map<string, Map<string, number>>();
  const pauses = new Map<string, number>();
  let lastSweep = -Infinity;

  const sweep = (now: number) => {
    if (now - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = now;
    for (const map of [windows, budgets]) {
      for (const [key, entry] of map) if (entry.expireAt <= now) map.delete(key);
    }
    for (const [key, held] of leases) {
      for (const [id, expireAt] of held) if (expireAt <= now) held.delete(id);
      if (held.size === 0) leases.delete(key);
    }
    for (const [key, until] of pauses) if (until <= now) pauses.delete(key);
  };

  const slotsOf = (key: string): Slots => windows.get(key)?.slots ?? new Map();
  // Budget keys name their period, so an expired entry is never asked for: expiry only frees memory.
  const budgetOf = (key: string, expireAt = 0): BudgetEntry => {
    const entry = budgets.get(key) ?? { spent: 0, held: 0, expireAt };
    budgets.set(key, entry);
    return entry;
  };
  const spentOf = (key: string) => budgets.get(key)?.spent ?? 0;
  const heldOf = (key: string) => budgets.get(key)?.held ?? 0;
  const liveLeases = (key: string, now: number): Map<string, number> => {
    const held = leases.get(key) ?? new Map<string, number>();
    for (const [id, expireAt] of held) if (expireAt <= now) held.delete(id);
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
      const budgetIndex = plan.budgets.findIndex(({ key, limit, cost }) => {
        const used = spentOf(key);
        return used >= limit || used + cost > limit;
      });
      if (budgetIndex >= 0) return { ok: false, blockedBy: 'budget', index: budgetIndex };

      const paused = pausedUntil(plan.pauseKey, now);
      if (paused !== undefined) {
        return { ok: false, blockedBy: 'paused', index: 0, retryAfterMs: paused - now };
      }

      let worst: { index: number; wait: number } | undefined;
      plan.windows.forEach((window, index) => {
        const slots = slotsOf(window.key);
        const used = pruneAndSum(slots, now, window);
        const wait = waitForRoom(slots, used, now, window, window.limit, window.cost);
        if (wait > 0 && (!worst || wait > worst.wait)) worst = { index, wait };
      });
      if (worst) {
        return { ok: false, blockedBy: 'window', index: worst.index, retryAfterMs: worst.wait };
      }

      const heldIndex = plan.budgets.findIndex(
        ({ key, limit, cost }) => spentOf(key) + heldOf(key) + cost > limit,
      );
      if (heldIndex >= 0) return { ok: false, blockedBy: 'budget-held', index: heldIndex };

      const leaseIndex = plan.leases.findIndex(
        ({ key, limit }) => liveLeases(key, now).size >= limit,
      );
      if (leaseIndex >= 0) return { ok: false, blockedBy: 'concurrency', index: leaseIndex };

      for (const window of plan.windows) {
        const entry = windows.get(window.key) ?? { slots: new Map(), expireAt: 0 };
        const slot = slotAt(now, window.slotMs);
        entry.slots.set(slot, (entry.slots.get(slot) ?? 0) + window.cost);
        entry.expireAt = now + window.span * window.slotMs;
        windows.set(window.key, entry);
      }
      for (const budget of plan.budgets) {
        const entry = budgetOf(budget.key);
        entry.held += budget.cost;
        entry.expireAt = budget.expireAt;
      }
      for (const lease of plan.leases) {
        leases.set(lease.key, liveLeases(lease.key, now).set(plan.id, now + lease.ttlMs));
      }
      return { ok: true };
    },

    async settle(settlement: Settlement) {
      const { now } = settlement;
      for (const { key, slot, delta, slotMs, span } of settlement.windows) {
        const slots = windows.get(key)?.slots;
        const amount = slots?.get(slot);
        if (amount === undefined || slot < firstCountedSlot(now, { slotMs, span })) continue;
        slots?.set(slot, amount + delta);
      }
      for (const budget of settlement.budgets) {
        if (budget.expireAt <= now) continue;
        const entry = budgetOf(budget.key, budget.expireAt);
        entry.spent += budget.spent;
        entry.held += budget.held;
      }
      for (const key of settlement.leases) leases.get(key)?.delete(settlement.id);
    },

    async pause(pauseKey, until, now) {
      if (until > now && until > (pauses.get(pauseKey) ?? 0)) pauses.set(pauseKey, until);
    },

    async read(query: UsageQuery): Promise<UsageReading> {
      const { now } = query;
      return {
        pausedUntil: pausedUntil(query.pauseKey, now),
        windows: query.windows.map((window) => pruneAndSum(slotsOf(window.key), now, window)),
        budgets: query.budgets.map((key) => Math.max(0, spentOf(key))),
        leases: query.leases.map((key) => liveLeases(key, now).size),
      };
    },
  };
  memoryStores.add(store);
  return store;
}
