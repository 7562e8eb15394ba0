import type { Headroom, RateLimitInfo, Spend } from '@llmux/core';
import type { Measure } from './limits.js';
import { headerShares } from './provider-signals.js';
import type { UsageQuery, UsageReading } from './rate-limit-store.js';
import type { Plan } from './reservation.js';

/** The query that reads every count of a plan, at `now`. */
export const usageQueryOf = (plan: Plan, now: number): UsageQuery => ({
  now,
  pauseKey: plan.pauseKey,
  windows: plan.windows.map(({ key, slotMs, span }) => ({ key, slotMs, span })),
  budgets: plan.budgets.map((budget) => budget.key),
  leases: plan.leases.map((lease) => lease.key),
});

const clampShare = (value: number) => Math.min(1, Math.max(0, value));

/**
 * Headroom as the router reads it: the smallest share left of any request window and of any
 * token window (the provider's own headers included), calls in flight for the model, and the
 * pause a provider asked for.
 */
export function headroomOf(
  plan: Plan,
  reading: UsageReading,
  headers: { info: RateLimitInfo; at: number } | undefined,
  now: number,
): Headroom {
  const fromHeaders = headerShares(headers, now);
  const least = (measure: Measure, fromProvider: number | undefined) => {
    let share = fromProvider;
    plan.windows.forEach((window, index) => {
      if (window.measure !== measure || !Number.isFinite(window.limit)) return;
      const left = clampShare(1 - (reading.windows[index] ?? 0) / window.limit);
      share = Math.min(share ?? left, left);
    });
    return share;
  };
  const headroom: Headroom = {};
  const requests = least('requests', fromHeaders.requests);
  const tokens = least('tokens', fromHeaders.tokens);
  const inFlight = reading.leases[plan.leases.findIndex((lease) => lease.scope.name === 'model')];
  if (requests !== undefined) headroom.requests = requests;
  if (tokens !== undefined) headroom.tokens = tokens;
  if (inFlight !== undefined) headroom.inFlight = inFlight;
  if (reading.pausedUntil !== undefined) headroom.pausedUntil = reading.pausedUntil;
  return headroom;
}

/** A tenant's spend in the current UTC day and month, or without a tenant every call's. */
export function spendOf(plan: Plan, reading: UsageReading, tenant: string | undefined): Spend {
  const scope = tenant === undefined ? 'global' : 'tenant';
  const spend: Spend = { dayUsd: 0, monthUsd: 0 };
  plan.budgets.forEach((budget, index) => {
    if (budget.scope.name !== scope) return;
    const spent = reading.budgets[index] ?? 0;
    const configured = Number.isFinite(budget.configured) ? budget.configured : undefined;
    if (budget.name === 'spendPerDayUsd') {
      spend.dayUsd = spent;
      if (configured !== undefined) spend.dailyBudgetUsd = configured;
    } else {
      spend.monthUsd = spent;
      if (configured !== undefined) spend.monthlyBudgetUsd = configured;
    }
  });
  return spend;
}
