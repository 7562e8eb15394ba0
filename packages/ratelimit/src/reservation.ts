import {
  budgetCost,
  type Clock,
  emptyUsage,
  estimateInputTokens,
  type FinishedCall,
  type GenerateRequest,
  type ModelPricing,
  priceUsage,
  totalTokens,
  type Usage,
} from '@llmux/core';
import { budgetPeriods } from './budget-period.js';
import type { Measure, NamedWindow } from './limits.js';
import type {
  BudgetReservation,
  LeaseReservation,
  RenewedReservation,
  ReservationPlan,
  Settlement,
  WindowReservation,
} from './rate-limit-store.js';
import type { Scope } from './scopes.js';
import { slotAt, windowShape } from './sliding-window.js';

/** What a call is expected to take before it is made. */
export interface Estimate {
  /** Input plus output tokens. */
  tokens: number;
  usd: number;
}

/**
 * The estimate reserved before a call: the request's input tokens as core estimates them, plus
 * the most output it allows, at the wrapped model's price (0 USD for a model without one).
 */
export function estimateCall(
  request: GenerateRequest,
  pricing: ModelPricing | undefined,
  defaultMaxOutputTokens: number,
): Estimate {
  const inputTokens = estimateInputTokens(request);
  const outputTokens = request.maxOutputTokens ?? defaultMaxOutputTokens;
  const usage: Usage = { ...emptyUsage(), inputTokens, outputTokens };
  return { tokens: inputTokens + outputTokens, usd: pricing ? priceUsage(usage, pricing) : 0 };
}

/** A store entry of the plan, with what it stands for. */
interface Labelled {
  scope: Scope;
  /** The limit's name, as configured: `requestsPerMinute`, `spendPerDayUsd`, ... */
  name: string;
  /** The limit as configured, before any outage share. */
  configured: number;
}

export type PlannedWindow = WindowReservation & Labelled & { measure: Measure; windowMs: number };
export type PlannedBudget = BudgetReservation & Labelled & { endsAt: number };
export type PlannedLease = LeaseReservation & Labelled;

export interface Plan extends ReservationPlan {
  windows: PlannedWindow[];
  budgets: PlannedBudget[];
  leases: PlannedLease[];
}

export interface PlanInput {
  scopes: Scope[];
  /** `pauseKeyOf(target)` */
  pauseKey: string;
  estimate: Estimate;
  now: number;
  id: string;
  /** How long leases and holds last unless renewed. */
  leaseMs: number;
  /** Share of each limit to use: below 1 while a process counts alone during a store outage. */
  share: number;
}

/** Budget keys outlive their period a little, so a call that ends after midnight settles in it. */
const SETTLE_GRACE_MS = 3_600_000;

const shareOf = (limit: number, share: number, whole: boolean) =>
  whole ? Math.max(1, Math.floor(limit * share)) : limit * share;

/** What a call takes from a window: one request, or its estimated tokens. */
export const windowCost = (window: NamedWindow, estimate: Estimate): number =>
  window.measure === 'requests' ? 1 : estimate.tokens;

/** A plan's entries before any call's cost: the same for every call of the same scopes. */
interface PlanShape {
  share: number;
  periods: ReturnType<typeof budgetPeriods>;
  windows: Array<Omit<PlannedWindow, 'cost'>>;
  budgets: Array<Omit<PlannedBudget, 'cost'>>;
  leases: PlannedLease[];
}

/** The last shape made for each list of scopes (a tenant's, kept by the limiter). */
const shapes = new WeakMap<Scope[], PlanShape>();

function shapeOf(scopes: Scope[], share: number, now: number): PlanShape {
  const periods = budgetPeriods(now);
  const known = shapes.get(scopes);
  if (known && known.share === share && known.periods === periods) return known;
  const shape: PlanShape = { share, periods, windows: [], budgets: [], leases: [] };
  for (const scope of scopes) {
    for (const window of scope.windows) {
      shape.windows.push({
        key: `w:${scope.key}:${window.measure}:${window.windowMs}`,
        limit: shareOf(window.limit, share, true),
        ...windowShape(window.windowMs),
        scope,
        name: window.name,
        configured: window.limit,
        measure: window.measure,
        windowMs: window.windowMs,
      });
    }
    for (const period of periods) {
      const budget = scope.limits[period.name];
      if (budget === undefined && !scope.countsSpend) continue;
      shape.budgets.push({
        key: `s:${scope.key}:${period.id}`,
        limit: budget === undefined ? Infinity : shareOf(budget, share, false),
        expireAt: period.endsAt + SETTLE_GRACE_MS,
        scope,
        name: period.name,
        configured: budget ?? Infinity,
        endsAt: period.endsAt,
      });
    }
    const concurrent = scope.limits.concurrentRequests;
    if (concurrent !== undefined || scope.countsInFlight) {
      shape.leases.push({
        key: `c:${scope.key}`,
        limit: concurrent === undefined ? Infinity : shareOf(concurrent, share, true),
        scope,
        name: 'concurrentRequests',
        configured: concurrent ?? Infinity,
      });
    }
  }
  shapes.set(scopes, shape);
  return shape;
}

/**
 * Every window, budget and lease a call to `target` is checked against, with its cost. Keys and
 * limits are made once per list of scopes, share and budget day, not per call.
 */
export function planReservation(input: PlanInput): Plan {
  const { scopes, pauseKey, estimate, now, id, leaseMs, share } = input;
  const shape = shapeOf(scopes, share, now);
  return {
    now,
    id,
    ttlMs: leaseMs,
    pauseKey,
    windows: shape.windows.map((window) => ({ ...window, cost: windowCost(window, estimate) })),
    budgets: shape.budgets.map((budget) => ({ ...budget, cost: estimate.usd })),
    leases: [...shape.leases],
  };
}

/**
 * What ends a reservation: with the actual use, tokens are corrected to it and the actual cost is
 * spent; without (the call failed or was abandoned), tokens are given back. Its holds and leases
 * end either way. A request still counts against the request windows: the provider counts every
 * request it receives.
 */
export function settlementOf(plan: Plan, now: number, actual?: Estimate): Settlement {
  const windows: Settlement['windows'] = [];
  for (const window of plan.windows) {
    if (window.measure !== 'tokens') continue;
    const delta = (actual?.tokens ?? 0) - window.cost;
    if (delta === 0) continue;
    const { key, slotMs, span } = window;
    windows.push({ key, slot: slotAt(plan.now, slotMs), delta, slotMs, span });
  }
  return {
    now,
    id: plan.id,
    ttlMs: plan.ttlMs,
    windows,
    budgets: plan.budgets.map(({ key, expireAt }) => ({ key, spent: actual?.usd ?? 0, expireAt })),
    leases: plan.leases.map((lease) => lease.key),
  };
}

/**
 * Undoes a reservation whose caller gave up before the store answered: every window gets its
 * cost back (no call was made under it), and the store makes sure it is never made later.
 */
export function abandonmentOf(plan: ReservationPlan, now: number): Settlement {
  return {
    now,
    id: plan.id,
    ttlMs: plan.ttlMs,
    abandoned: true,
    windows: plan.windows.map((window) => ({
      key: window.key,
      slot: slotAt(plan.now, window.slotMs),
      delta: -window.cost,
      slotMs: window.slotMs,
      span: window.span,
    })),
    budgets: plan.budgets.map(({ key, expireAt }) => ({ key, spent: 0, expireAt })),
    leases: plan.leases.map((lease) => lease.key),
  };
}

/** Ends a reservation in a store that only mirrors its leases and holds: nothing is counted. */
export const forgetting = (settlement: Settlement): Settlement => ({
  ...settlement,
  abandoned: false,
  windows: [],
  budgets: settlement.budgets.map(({ key, expireAt }) => ({ key, spent: 0, expireAt })),
});

/** Only a budget with a limit holds anything; a hold of nothing is not kept. */
export const holdsIn = (budget: BudgetReservation): boolean =>
  Number.isFinite(budget.limit) && budget.cost > 0;

/** What renewing a reservation keeps (or puts back): its leases and its holds. */
export const renewedOf = (plan: ReservationPlan): RenewedReservation => ({
  id: plan.id,
  ttlMs: plan.ttlMs,
  leases: plan.leases.map((lease) => lease.key),
  budgets: plan.budgets
    .filter(holdsIn)
    .map(({ key, cost, expireAt }) => ({ key, amount: cost, expireAt })),
});

/** What a call holds between reservation and its end. Ends once; later calls do nothing. */
export interface Reservation {
  readonly plan: Plan;
  /**
   * Corrects the estimate to what the call used and cost (core's `budgetCost`: a call its model
   * could not price counts at the limiter's price), and ends its leases.
   */
  settle(call: FinishedCall): Promise<void>;
  /** Gives back the tokens and spend reserved, and ends its leases. */
  release(): Promise<void>;
}

const done = Promise.resolve();

/**
 * The reservation of one call, which `end` ends in the store; `freed` is told once it has.
 * Made for every call: a class, where closures would be made again for each.
 */
export class HeldReservation implements Reservation {
  private ended = false;

  constructor(
    readonly plan: Plan,
    private readonly clock: Clock,
    private readonly pricing: ModelPricing | undefined,
    private readonly end: (settlement: Settlement) => Promise<void>,
    private readonly freed: () => void,
  ) {}

  settle(call: FinishedCall): Promise<void> {
    return this.finish({ tokens: totalTokens(call.usage), usd: budgetCost(call, this.pricing) });
  }

  release(): Promise<void> {
    return this.finish();
  }

  /** Not async: settling is on every call's path, and the store's end is its one wait. */
  private finish(actual?: Estimate): Promise<void> {
    if (this.ended) return done;
    this.ended = true;
    return this.end(settlementOf(this.plan, this.clock.now(), actual)).then(this.freed);
  }
}
