import {
  type Clock,
  emptyUsage,
  estimateInputTokens,
  type GenerateRequest,
  type ModelCatalog,
  priceUsage,
  totalTokens,
  type Usage,
} from '@llmux/core';
import { budgetPeriods } from './budget-period.js';
import type { Measure, NamedWindow } from './limits.js';
import type {
  BudgetReservation,
  LeaseReservation,
  ReservationPlan,
  Settlement,
  WindowReservation,
} from './rate-limit-store.js';
import type { Scope, Target } from './scopes.js';
import { slotAt, windowShape } from './sliding-window.js';

/** What a call is expected to take before it is made. */
export interface Estimate {
  /** Input plus output tokens. */
  tokens: number;
  usd: number;
}

/**
 * The estimate reserved before a call: the request's input tokens as core estimates them, plus
 * the most output it allows, priced from the catalog (0 USD for a model without a price).
 */
export function estimateCall(
  request: GenerateRequest,
  target: Target,
  catalog: ModelCatalog,
  defaultMaxOutputTokens: number,
): Estimate {
  const inputTokens = estimateInputTokens(request);
  const outputTokens = request.maxOutputTokens ?? defaultMaxOutputTokens;
  const info = catalog.get(target.provider, target.model);
  const usage: Usage = { ...emptyUsage(), inputTokens, outputTokens };
  return { tokens: inputTokens + outputTokens, usd: info ? priceUsage(usage, info.pricing) : 0 };
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

/** Every window, budget and lease a call to `target` is checked against, with its cost. */
export function planReservation(input: PlanInput): Plan {
  const { scopes, pauseKey, estimate, now, id, leaseMs, share } = input;
  const plan: Plan = {
    now,
    id,
    pauseKey,
    windows: [],
    budgets: [],
    leases: [],
  };
  for (const scope of scopes) {
    for (const window of scope.windows) {
      plan.windows.push({
        key: `w:${scope.key}:${window.measure}:${window.windowMs}`,
        limit: shareOf(window.limit, share, true),
        cost: windowCost(window, estimate),
        ...windowShape(window.windowMs),
        scope,
        name: window.name,
        configured: window.limit,
        measure: window.measure,
        windowMs: window.windowMs,
      });
    }
    for (const period of budgetPeriods(now)) {
      const budget = scope.limits[period.name];
      if (budget === undefined && !scope.countsSpend) continue;
      plan.budgets.push({
        key: `s:${scope.key}:${period.id}`,
        limit: budget === undefined ? Infinity : shareOf(budget, share, false),
        cost: estimate.usd,
        expireAt: period.endsAt + SETTLE_GRACE_MS,
        scope,
        name: period.name,
        configured: budget ?? Infinity,
        endsAt: period.endsAt,
      });
    }
    const concurrent = scope.limits.concurrentRequests;
    if (concurrent !== undefined || scope.countsInFlight) {
      plan.leases.push({
        key: `c:${scope.key}`,
        limit: concurrent === undefined ? Infinity : shareOf(concurrent, share, true),
        ttlMs: leaseMs,
        scope,
        name: 'concurrentRequests',
        configured: concurrent ?? Infinity,
      });
    }
  }
  return plan;
}

/**
 * What ends a reservation: with the actual use, tokens are corrected to it and the budget hold
 * becomes the actual cost; without (the call failed or was abandoned), tokens and the hold are
 * given back. A request still counts against the request windows either way: the provider
 * counts every request it receives.
 */
export function settlementOf(plan: Plan, now: number, actual?: Estimate): Settlement {
  return {
    now,
    id: plan.id,
    windows: plan.windows
      .filter((window) => window.measure === 'tokens')
      .map((window) => ({
        key: window.key,
        slot: slotAt(plan.now, window.slotMs),
        delta: (actual?.tokens ?? 0) - window.cost,
        slotMs: window.slotMs,
        span: window.span,
      }))
      .filter((window) => window.delta !== 0),
    budgets: plan.budgets
      .map((budget) => ({
        key: budget.key,
        spent: actual?.usd ?? 0,
        held: -budget.cost,
        expireAt: budget.expireAt,
      }))
      .filter((budget) => budget.spent !== 0 || budget.held !== 0),
    leases: plan.leases.map((lease) => lease.key),
  };
}

/** What a call holds between reservation and its end. Ends once; later calls do nothing. */
export interface Reservation {
  readonly plan: Plan;
  /** Corrects the estimate to what the call used and cost, and ends its leases. */
  settle(usage: Usage, costUsd: number): Promise<void>;
  /** Gives back the tokens and spend reserved, and ends its leases. */
  release(): Promise<void>;
}

export function createReservation(
  plan: Plan,
  clock: Clock,
  finish: (settlement: Settlement) => Promise<void>,
): Reservation {
  let ended = false;
  const end = async (actual?: Estimate) => {
    if (ended) return;
    ended = true;
    await finish(settlementOf(plan, clock.now(), actual));
  };
  return {
    plan,
    settle: (usage, costUsd) => end({ tokens: totalTokens(usage), usd: costUsd }),
    release: () => end(),
  };
}
