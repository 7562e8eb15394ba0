import {
  type Clock,
  emit,
  type IdGenerator,
  LlmuxError,
  type Observer,
  type StoreHealth,
} from '@llmux/core';
import { createMemoryStore, isMemoryStore } from './memory-store.js';
import type { RateLimitStore, ReservationPlan, Settlement } from './rate-limit-store.js';
import { forgetting, renewedOf } from './reservation.js';
import { createReservationKeeper } from './reservation-keeper.js';

/** How long a process stays on the store's list of live processes after it last renewed. */
const PRESENCE_MS = 30_000;

/** What a limiter does while its store cannot be reached. */
export interface ResolvedOutage {
  mode: 'local' | 'fail-closed';
  /** Share of each limit this process counts against alone; default the fair share. */
  localShare?: number;
}

/** The store as one limiter sees it, for the app to report. */
export interface RateLimitStoreHealth extends StoreHealth {
  /**
   * How calls are limited now: in the store; by this process alone against `localShare` of each
   * limit (outage mode `local`); or not at all, every call refused (`fail-closed`).
   */
  limiting: 'store' | 'local' | 'refused';
  /** Share of each limit this process counts against while the store is out. */
  localShare: number;
  /** Processes sharing the store, this one included, as of its last renewal; 0 before one. */
  processes: number;
}

export interface StoreSession {
  /** Runs `op` on the store, or, while it fails, as the outage mode says. */
  use<T>(
    op: (store: RateLimitStore, share: number) => Promise<T>,
    outage: ResolvedOutage,
  ): Promise<T>;
  /**
   * Keeps a reservation made in `made` renewed until the returned function ends it there; ending
   * never rejects (an end the store cannot take now, it takes once it answers again).
   */
  keep(plan: ReservationPlan, made: RateLimitStore): (settlement: Settlement) => Promise<void>;
  health(outage: ResolvedOutage): RateLimitStoreHealth;
  /** Told with a `store` event when the store stops answering and when it is back. */
  observe(observer: Observer | undefined): void;
}

interface Live {
  plan: ReservationPlan;
  made: RateLimitStore;
  ttlMs: number;
  /** Whether the shared store may hold its leases (made there, or put back by a renewal). */
  shared: boolean;
}

const storeUnavailable = (cause: unknown) =>
  new LlmuxError({
    kind: 'server_error',
    message: 'The rate-limit store cannot be reached, and the outage mode is fail-closed',
    cause,
  });

const detailOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

const sessions = new WeakMap<RateLimitStore, StoreSession>();

/**
 * The session of this process with a store, shared by every limiter on it: one set of live
 * reservations renewed together, one place on the store's list of processes, one local count
 * to fall back on. The first limiter's clock and ids drive it.
 */
export function sessionOf(
  store: RateLimitStore,
  options: { clock: Clock; ids: IdGenerator },
): StoreSession {
  let session = sessions.get(store);
  if (!session) {
    session = createStoreSession(store, options);
    sessions.set(store, session);
  }
  return session;
}

/**
 * While a shared store answers, limits are counted there. While it fails, each process counts
 * alone in memory against a share of each limit: by default its fair share, one over the
 * processes the store listed last. This process's own calls in flight count there too: their
 * leases and holds are mirrored into the local count as they are made and renewed. Once the
 * store answers again, the calls made alone that are still in flight are put into it, so the
 * fleet counts them.
 */
function createStoreSession(
  primary: RateLimitStore,
  options: { clock: Clock; ids: IdGenerator },
): StoreSession {
  const { clock } = options;
  const shared = !isMemoryStore(primary);
  const local = createMemoryStore();
  const processId = options.ids();
  const observers = new Set<Observer>();
  let health: StoreHealth = { state: 'up', since: 0 };
  let processes = shared ? 0 : 1;

  const change = (next: StoreHealth) => {
    const moved = next.state !== health.state;
    health = next;
    if (!moved) return;
    for (const observer of observers) {
      emit(observer, {
        type: 'store',
        store: 'ratelimit',
        state: next.state,
        at: next.since,
        ...(next.detail !== undefined && { detail: next.detail }),
      });
    }
    // Calls counted alone meanwhile and still in flight: into the store with them.
    if (next.state === 'up') keeper.renewSoon();
  };
  const failed = (error: unknown) =>
    change(
      health.state === 'down'
        ? { ...health, detail: detailOf(error) }
        : { state: 'down', since: clock.now(), detail: detailOf(error) },
    );
  const answered = () => {
    if (health.state === 'down') change({ state: 'up', since: clock.now() });
  };

  const shareOf = (outage: ResolvedOutage) => outage.localShare ?? 1 / Math.max(1, processes);

  const renewAll = async (live: ReadonlyMap<string, Live>) => {
    const now = clock.now();
    const all = [...live.values()];
    if (!shared) {
      await primary.renew({ now, reservations: all.map(({ plan }) => renewedOf(plan)) });
      return;
    }
    // Calls made alone go to the store only while it answers: a renewal queued behind an outage
    // would otherwise put back calls that ended meanwhile. Sent before anything else, so that
    // calls that ask the store after it find them there.
    const toShared = all.filter((entry) => entry.made === primary || health.state === 'up');
    for (const entry of toShared) entry.shared = true;
    const renewed = primary
      .renew({
        now,
        process: { id: processId, ttlMs: PRESENCE_MS },
        reservations: toShared.map(({ plan }) => renewedOf(plan)),
      })
      .then((outcome) => {
        processes = outcome.processes;
        answered();
      }, failed);
    await local.renew({ now, reservations: all.map(({ plan }) => renewedOf(plan)) });
    await renewed;
  };
  const keeper = createReservationKeeper<Live>({ clock, renew: renewAll });

  /**
   * This process's presence, put in the store at its first answer, before any call: the others
   * then count it from their next renewal on, not from its first busy spell. A fleet started
   * together would otherwise each count fewer processes than there are, and take more than a
   * fair share should the store fail early.
   */
  let present = false;
  const register = () => {
    present = true;
    primary
      .renew({ now: clock.now(), process: { id: processId, ttlMs: PRESENCE_MS }, reservations: [] })
      .then(
        (outcome) => {
          processes = Math.max(processes, outcome.processes);
        },
        () => {
          present = false; // tried again at the next answer
        },
      );
  };

  const useShared: StoreSession['use'] = async (op, outage) => {
    try {
      const result = await op(primary, 1);
      answered();
      if (!present) register();
      return result;
    } catch (error) {
      failed(error);
      if (outage.mode === 'fail-closed') throw storeUnavailable(error);
      return op(local, shareOf(outage));
    }
  };

  return {
    use(op, outage) {
      if (!shared) {
        // A memory store answers at once: no wrapper around it on every call.
        try {
          return op(primary, 1);
        } catch (error) {
          return Promise.reject(error);
        }
      }
      return useShared(op, outage);
    },

    keep(plan, made) {
      const entry: Live = { plan, made, ttlMs: plan.ttlMs, shared: made === primary };
      keeper.add(plan.id, entry);
      // Mirrored, so that counting alone (should the store fail) counts this call too.
      if (shared && made === primary) {
        void local.renew({ now: plan.now, reservations: [renewedOf(plan)] });
      }
      // Not async: this is every call's end, and the store's answer its one wait.
      return (settlement) => {
        keeper.remove(plan.id);
        if (shared) {
          const other = made === primary ? local : primary;
          if (other === local || entry.shared) other.settle(forgetting(settlement)).catch(failed);
        }
        try {
          return made.settle(settlement).then(made === primary ? answered : undefined, failed);
        } catch (error) {
          failed(error);
          return Promise.resolve();
        }
      };
    },

    health(outage) {
      const limiting =
        health.state === 'up' ? 'store' : outage.mode === 'local' ? 'local' : 'refused';
      return { ...health, limiting, localShare: shareOf(outage), processes };
    },

    observe(observer) {
      if (observer) observers.add(observer);
    },
  };
}
