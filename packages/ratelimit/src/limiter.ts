import {
  cancelledError,
  deploymentOf,
  emit,
  type GenerateRequest,
  type Headroom,
  LlmuxError,
  type ModelPricing,
  type RateLimitInfo,
  type Spend,
  startTimer,
  totalTokens,
  type Usage,
} from '@llmux/core';
import { budgetPeriods } from './budget-period.js';
import { headroomOf, spendOf, usageQueryOf } from './headroom.js';
import { invalidOption, type Limits, type NamedWindow } from './limits.js';
import { pauseFromError, pauseFromHeaders } from './provider-signals.js';
import {
  lineAheadRefusal,
  type Refusal,
  refusalOf,
  tooLargeRefusal,
  unpricedRefusal,
  waitedTooLongRefusal,
} from './rate-limit-errors.js';
import type { LimitedRequest, ResolvedOptions } from './rate-limit-options.js';
import type { RateLimitStore, UsageQuery } from './rate-limit-store.js';
import {
  type Estimate,
  HeldReservation,
  type Plan,
  planReservation,
  type Reservation,
  settlementOf,
  windowCost,
} from './reservation.js';
import { calleeOf, pauseKeyOf, type Scope, scopesFor, type Target } from './scopes.js';
import { type RateLimitStoreHealth, sessionOf } from './store-session.js';
import { WaitQueue } from './wait-queue.js';

/** A call made elsewhere, to count against the limits: a provider batch's answer. */
export interface Charge {
  tenant?: string;
  usage: Usage;
  costUsd: number;
}

export interface Limiter<R extends LimitedRequest = GenerateRequest> {
  /** Waits for room or refuses, as the mode says; rejects with an `LlmuxError`. */
  acquire(request: R): Promise<Reservation>;
  /** Adapts to a response's rate-limit headers: an empty allowance pauses until its reset. */
  sawHeaders(info: RateLimitInfo | undefined, request: R): Promise<void>;
  /** Adapts to the wrapped model's failure: a 429 pauses for its retry-after. */
  sawError(error: unknown, request: R): Promise<void>;
  headroom(target: Target): Promise<Headroom>;
  /** `headroom` at once while the counts are in this process; undefined over a shared store. */
  peekHeadroom(target: Target): Headroom | undefined;
  /** Counts a call made elsewhere (a provider batch): never refuses, never waits. */
  charge(call: Charge): Promise<void>;
  spend(tenant?: string): Promise<Spend>;
  storeHealth(): RateLimitStoreHealth;
}

/** Tenants whose scopes a limiter keeps made. */
const MAX_CACHED_TENANTS = 1_000;

const noCost: Estimate = { tokens: 0, usd: 0 };

const budgetNames = ['spendPerDayUsd', 'spendPerMonthUsd'] as const;

/** The first budget of these scopes, as named in errors (`tenant spendPerMonthUsd`), if any. */
function firstBudget(scopes: Scope[]): string | undefined {
  for (const scope of scopes) {
    const name = budgetNames.find((budget) => scope.limits[budget] !== undefined);
    if (name) return `${scope.label} ${name}`;
  }
  return undefined;
}

interface TenantState {
  scopes: Scope[];
  /** The key's own limits the scopes were made with. */
  keyLimits?: Limits;
  reading?: {
    share: number;
    /** The budget periods the plan was made in: a new day needs a new plan. */
    periods: ReturnType<typeof budgetPeriods>;
    plan: Plan;
    query: UsageQuery;
  };
}

interface Attempt {
  plan: Plan;
  store: RateLimitStore;
  outcome: Awaited<ReturnType<RateLimitStore['reserve']>>;
}

/** What a call is expected to take, from the request, at the model's price (if any). */
export type Estimator<R> = (request: R, pricing: ModelPricing | undefined) => Estimate;

/**
 * The limits of one wrapped model: reserving (what `estimateOf` says a request takes), waiting in
 * line, pausing, reporting.
 */
export function createLimiter<R extends LimitedRequest = GenerateRequest>(
  identity: Omit<Target, 'tenant'>,
  options: ResolvedOptions<R>,
  estimateOf: Estimator<R>,
): Limiter<R> {
  const { clock, observer, limits, leaseMs, outage } = options;
  const pricing =
    options.catalog.get(identity.provider, identity.model)?.pricing ?? options.fallbackPricing;
  const session = sessionOf(options.store, options);
  session.observe(observer);
  const queue = new WaitQueue(clock);
  let headers: { info: RateLimitInfo; at: number } | undefined;

  const targetOf = (request: R): Target => {
    const { tenant, keyId: key } = request.metadata ?? {};
    if (tenant !== undefined && typeof tenant !== 'string') {
      throw invalidOption('request.metadata.tenant', 'a string', tenant);
    }
    if (key !== undefined && typeof key !== 'string') {
      throw invalidOption('request.metadata.keyId', 'a string', key);
    }
    return { ...identity, tenant, key };
  };

  const refuse = (request: R, refusal: Refusal): LlmuxError => {
    emit(observer, {
      type: 'rate-limit',
      requestId: request.metadata?.requestId,
      scope: refusal.scope,
      outcome: 'rejected',
    });
    return refusal.error;
  };

  const pauseKey = pauseKeyOf(identity);
  const deploymentId = deploymentOf(identity);
  /**
   * What is kept per tenant (and API key with limits of its own): its scopes (costly to make: a
   * digest) and its reading plan. A key's state is made again when its limits change.
   */
  const tenants = new Map<string | undefined, TenantState>();
  const tenantState = (tenant: string | undefined, key?: string): TenantState => {
    const keyLimits = key === undefined ? undefined : options.keyLimits?.(key);
    const id = keyLimits ? `${tenant ?? ''}\n${key}` : tenant;
    let state = tenants.get(id);
    if (!state || state.keyLimits !== keyLimits) {
      // Tenants may be many: past the bound, start over rather than grow.
      if (tenants.size >= MAX_CACHED_TENANTS) tenants.clear();
      state = { scopes: scopesFor(limits, { ...identity, tenant, key }, keyLimits), keyLimits };
      tenants.set(id, state);
    }
    return state;
  };
  const scopesOf = (tenant: string | undefined, key?: string): Scope[] =>
    tenantState(tenant, key).scopes;

  const plan = (scopes: Scope[], estimate: Estimate, share: number, id = '') =>
    planReservation({ scopes, pauseKey, estimate, now: clock.now(), id, leaseMs, share });

  /**
   * The plan that reads a tenant's counts (a call of no cost), and its query at `now`. Headroom
   * and spend are read for every request the router plans: the plan is made once a day per
   * tenant and share, since only the budget periods in it change.
   */
  const readingOf = (tenant: string | undefined, share: number) => {
    const state = tenantState(tenant);
    const now = clock.now();
    const periods = budgetPeriods(now);
    let { reading } = state;
    if (!reading || reading.share !== share || reading.periods !== periods) {
      const planned = plan(state.scopes, noCost, share);
      reading = { share, periods, plan: planned, query: usageQueryOf(planned, now) };
      state.reading = reading;
    }
    return { plan: reading.plan, query: { ...reading.query, now }, now };
  };

  /** Whether a headroom target is this limiter's deployment: any other has no limits here. */
  const isOwn = (target: Target) =>
    target.provider === identity.provider &&
    target.model === identity.model &&
    deploymentOf(target) === deploymentId;

  const attempt = (scopes: Scope[], estimate: Estimate): Promise<Attempt> =>
    session.use(async (store, share) => {
      const planned = plan(scopes, estimate, share, options.ids());
      return { plan: planned, store, outcome: await store.reserve(planned) };
    }, outage);

  // Room was freed here: waiting calls need not sleep out their poll.
  const wake = () => queue.wake();
  const reservationOf = ({ plan: planned, store }: Attempt): Reservation =>
    new HeldReservation(planned, clock, pricing, session.keep(planned, store), wake);

  const pause = async (until: number, request: R) => {
    const now = clock.now();
    try {
      await session.use((store) => store.pause(pauseKey, until, now), outage);
    } catch {
      // Fail-closed and the store is out: no call goes through anyway.
    }
    emit(observer, {
      type: 'rate-limit',
      requestId: request.metadata?.requestId,
      scope: `model ${calleeOf(identity)}`,
      outcome: 'paused',
      waitMs: until - now,
    });
  };

  /** Asks the store once: a reservation, or the refusal. */
  const tryOnce = async (
    request: R,
    scopes: Scope[],
    target: Target,
    estimate: Estimate,
  ): Promise<Attempt & { refusal?: Refusal }> => {
    let made: Attempt;
    try {
      made = await attempt(scopes, estimate);
    } catch (error) {
      // The store is out and the outage mode is fail-closed.
      if (LlmuxError.isInstance(error)) throw refuse(request, { scope: 'store', error });
      throw error;
    }
    if (made.outcome.ok) return made;
    return { ...made, refusal: refusalOf(made.outcome, made.plan, target, options.pollMs) };
  };

  /**
   * The timer of a wait's deadline, and the signal that aborts at it or with the caller's: one
   * controller and one listener, where `AbortSignal.any` would cost several times as much.
   */
  const deadlineOf = (ms: number, callerSignal: AbortSignal | undefined) => {
    const controller = new AbortController();
    let timedOut = false;
    const stopTimer = startTimer(clock, ms, () => {
      timedOut = true;
      controller.abort();
    });
    const onCallerAbort = () => controller.abort(callerSignal?.reason);
    if (callerSignal?.aborted) onCallerAbort();
    else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    return {
      signal: controller.signal,
      timedOut: () => timedOut,
      stop: () => {
        stopTimer();
        callerSignal?.removeEventListener('abort', onCallerAbort);
      },
    };
  };

  /**
   * Waits in line for room. `first` is the store's refusal of the call, asked at `startedAt` while
   * nobody waited; without it, others wait already.
   */
  const waitForRoom = async (
    request: R,
    line: string,
    scopes: Scope[],
    target: Target,
    estimate: Estimate,
    startedAt: number,
    first: (Attempt & { refusal?: Refusal }) | undefined,
  ): Promise<Reservation> => {
    // The request's own deadline bounds the wait too: room that comes later is of no use.
    const deadline = Math.min(startedAt + options.maxWaitMs, request.deadlineAt ?? Infinity);
    const byDeadline = deadline < startedAt + options.maxWaitMs;
    // Made once the call has to wait: most calls find an empty line and room at once.
    let waiting: ReturnType<typeof deadlineOf> | undefined;
    const askStore = () => tryOnce(request, scopes, target, estimate);
    const untilDeadline = () => {
      waiting ??= deadlineOf(deadline - clock.now(), request.signal);
      return waiting.signal;
    };
    // Tells the layer above that this time is the limiter's, not the provider's.
    let held = false;
    const hold = () => {
      if (held) return;
      held = true;
      request.admission?.waiting();
    };
    let leave: (() => void) | undefined;
    let scope = `model ${calleeOf(target)}`;
    try {
      const head = queue.enterIfEmpty(line);
      if (!head) hold();
      leave = head ?? (await queue.enter(line, untilDeadline()));
      // Calls that queued ahead meanwhile have had their turn: an earlier refusal is stale.
      let made = head ? first : undefined;
      for (;;) {
        made ??= await askStore();
        const { refusal } = made;
        if (!refusal) {
          const waitMs = clock.now() - startedAt;
          if (waitMs > 0) {
            emit(observer, {
              type: 'rate-limit',
              requestId: request.metadata?.requestId,
              scope,
              outcome: 'waited',
              waitMs,
            });
          }
          const reservation = reservationOf(made);
          if (held) request.admission?.admitted();
          return reservation;
        }
        scope = refusal.scope;
        const blocked = made.outcome.ok ? undefined : made.outcome;
        const remaining = deadline - clock.now();
        const wait = blocked?.retryAfterMs ?? Math.min(options.pollMs, remaining);
        if (blocked?.blockedBy === 'budget' || remaining <= 0 || wait > remaining) {
          throw refuse(request, refusal);
        }
        hold();
        await queue.sleep(line, wait, untilDeadline());
        made = undefined;
      }
    } catch (error) {
      if (request.signal?.aborted) throw cancelledError(request.signal, target.provider);
      if (LlmuxError.isInstance(error) || !waiting?.timedOut()) throw error;
      const retryAt = queue.nextTryAt(line) ?? clock.now() + options.pollMs;
      throw refuse(
        request,
        waitedTooLongRefusal(target, {
          waitedMs: clock.now() - startedAt,
          retryAfterMs: Math.max(0, retryAt - clock.now()),
          bound: byDeadline ? "the request's deadlineAt" : 'maxWaitMs',
        }),
      );
    } finally {
      leave?.();
      waiting?.stop();
    }
  };

  return {
    async acquire(request) {
      const target = targetOf(request);
      const scopes = scopesOf(target.tenant, target.key);
      const budget = pricing ? undefined : firstBudget(scopes);
      if (budget) throw refuse(request, unpricedRefusal(target, budget));
      const expected = estimateOf(request, pricing);
      const exceeds = (window: NamedWindow) => windowCost(window, expected) > window.limit;
      if (scopes.some((scope) => scope.windows.some(exceeds))) {
        const tooLarge = plan(scopes, expected, 1).windows.find(exceeds)!;
        throw refuse(request, tooLargeRefusal(tooLarge, target));
      }
      if (request.signal?.aborted) throw cancelledError(request.signal, target.provider);

      const line = target.tenant ?? '';
      if (options.mode(request) === 'wait') {
        const startedAt = clock.now();
        if (queue.length(line) > 0) {
          return waitForRoom(request, line, scopes, target, expected, startedAt, undefined);
        }
        // A call joins the line only once refused: while nobody waits, calls ask the store side
        // by side (the store reserves atomically), instead of one store round trip at a time.
        let first: Attempt & { refusal?: Refusal };
        try {
          first = await tryOnce(request, scopes, target, expected);
        } catch (error) {
          if (request.signal?.aborted) throw cancelledError(request.signal, target.provider);
          throw error;
        }
        if (!first.refusal) return reservationOf(first);
        return waitForRoom(request, line, scopes, target, expected, startedAt, first);
      }
      const waiting = queue.length(line);
      if (waiting > 0) {
        const retryAt = queue.nextTryAt(line) ?? clock.now() + options.pollMs;
        throw refuse(
          request,
          lineAheadRefusal(target, waiting, Math.max(0, retryAt - clock.now())),
        );
      }
      const made = await tryOnce(request, scopes, target, expected);
      if (made.refusal) throw refuse(request, made.refusal);
      return reservationOf(made);
    },

    // Not async: told of every answer, which seldom says to pause.
    sawHeaders(info, request) {
      if (!info) return Promise.resolve();
      const now = clock.now();
      headers = { info, at: now };
      const until = pauseFromHeaders(info, now, options.defaultPauseMs);
      return until === undefined ? Promise.resolve() : pause(until, request);
    },

    async sawError(error, request) {
      const until = pauseFromError(error, clock.now(), options.defaultPauseMs);
      if (until !== undefined) await pause(until, request);
    },

    // Not async functions: the router reads the headroom of every candidate of every request.
    headroom(target) {
      if (!isOwn(target)) return Promise.resolve({});
      return session
        .use((store, share) => {
          const { plan: planned, query, now } = readingOf(target.tenant, share);
          return store.read(query).then((reading) => headroomOf(planned, reading, headers, now));
        }, outage)
        .catch(() => ({ requests: 0 })); // Fail-closed and the store is out: no call would go through.
    },

    peekHeadroom(target) {
      if (!isOwn(target)) return {};
      if (!options.store.readNow) return undefined;
      // A store in this process is the session's own, read at its full share.
      const { plan: planned, query, now } = readingOf(target.tenant, 1);
      return headroomOf(planned, options.store.readNow(query), headers, now);
    },

    async spend(tenant) {
      return session.use(async (store, share) => {
        const { plan: planned, query } = readingOf(tenant, share);
        return spendOf(planned, await store.read(query), tenant);
      }, outage);
    },

    async charge({ tenant, usage, costUsd }) {
      const scopes = scopesOf(tenant);
      const actual: Estimate = { tokens: totalTokens(usage), usd: costUsd };
      try {
        await session.use(async (store, share) => {
          const planned = plan(scopes, actual, share, options.ids());
          const counted: Plan = {
            ...planned,
            countOnly: true,
            windows: planned.windows.map((w) => ({ ...w, limit: Infinity })),
            budgets: planned.budgets.map((b) => ({ ...b, limit: Infinity })),
            leases: [],
          };
          const outcome = await store.reserve(counted);
          if (outcome.ok)
            await session.keep(counted, store)(settlementOf(counted, clock.now(), actual));
        }, outage);
      } catch {
        // Fail-closed and the store is out: the spend is not counted, the answer stands.
      }
    },

    storeHealth: () => session.health(outage),
  };
}
