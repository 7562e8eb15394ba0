import { LlmuxError, UnpricedModelError } from '@llmux/core';
import type { ReserveOutcome } from './rate-limit-store.js';
import type { Plan, PlannedWindow } from './reservation.js';
import { calleeOf, type Target } from './scopes.js';

/** A refusal, and the limit it names in events: `model openai/gpt-4o requestsPerMinute`. */
export interface Refusal {
  error: LlmuxError;
  scope: string;
}

type Blocked = Extract<ReserveOutcome, { ok: false }>;

const usd = (value: number) => `$${Number(value.toFixed(6))}`;

/** The error for a reservation the store refused, saying what is out and when to retry. */
export function refusalOf(blocked: Blocked, plan: Plan, target: Target, pollMs: number): Refusal {
  const { provider, model } = target;
  const limited = (scope: string, message: string, retryAfterMs: number): Refusal => ({
    scope,
    error: new LlmuxError({ kind: 'rate_limited', message, retryAfterMs, provider, model }),
  });
  switch (blocked.blockedBy) {
    case 'budget': {
      const budget = plan.budgets[blocked.index]!;
      const retryAfterMs = Math.max(0, budget.endsAt - plan.now);
      const scope = `${budget.scope.label} ${budget.name}`;
      return {
        scope,
        error: new LlmuxError({
          kind: 'budget_exceeded',
          message: `The ${scope} budget of ${usd(budget.configured)} is spent, or this call (about ${usd(budget.cost)}) would overspend it; it renews in ${retryAfterMs} ms`,
          retryAfterMs,
          provider,
          model,
        }),
      };
    }
    case 'paused': {
      const wait = blocked.retryAfterMs ?? pollMs;
      return limited(
        `model ${calleeOf(target)}`,
        `${calleeOf(target)} reported its rate limit reached; calls resume in ${wait} ms`,
        wait,
      );
    }
    case 'window': {
      const window = plan.windows[blocked.index]!;
      const wait = blocked.retryAfterMs ?? pollMs;
      const scope = `${window.scope.label} ${window.name}`;
      return limited(
        scope,
        `The ${scope} limit of ${window.configured} is reached; room in ${wait} ms`,
        wait,
      );
    }
    case 'budget-held': {
      const budget = plan.budgets[blocked.index]!;
      const scope = `${budget.scope.label} ${budget.name}`;
      return limited(
        scope,
        `Calls in flight hold the rest of the ${scope} budget of ${usd(budget.configured)}; this call (about ${usd(budget.cost)}) may go once they settle`,
        pollMs,
      );
    }
    case 'ended':
      // Only a late command about an ended reservation meets this; a fresh call never does.
      return limited(`model ${calleeOf(target)}`, 'The reservation had ended already', 0);
    case 'concurrency': {
      const lease = plan.leases[blocked.index]!;
      const scope = `${lease.scope.label} concurrentRequests`;
      return limited(
        scope,
        `The ${scope} limit of ${lease.configured} calls in flight is reached`,
        pollMs,
      );
    }
  }
}

/** A request whose estimated tokens exceed a window's whole limit: waiting would never help. */
export function tooLargeRefusal(window: PlannedWindow, target: Target): Refusal {
  const scope = `${window.scope.label} ${window.name}`;
  return {
    scope,
    error: new LlmuxError({
      kind: 'rate_limited',
      retryable: false,
      message: `This request needs about ${window.cost} tokens (input estimate plus maxOutputTokens), more than the ${scope} limit of ${window.configured} ever allows`,
      provider: target.provider,
      model: target.model,
    }),
  };
}

/** A call that waited as long as it may (`maxWaitMs`, or to its deadline) without room coming. */
export function waitedTooLongRefusal(
  target: Target,
  wait: { waitedMs: number; retryAfterMs: number; bound: string },
): Refusal {
  const scope = `model ${calleeOf(target)}`;
  return {
    scope,
    error: new LlmuxError({
      kind: 'rate_limited',
      message: `Waited ${wait.waitedMs} ms for room to call ${calleeOf(target)}, the most allowed (${wait.bound})`,
      retryAfterMs: wait.retryAfterMs,
      provider: target.provider,
      model: target.model,
    }),
  };
}

/** A fail-fast call that finds calls already waiting in its line: it may not jump ahead. */
export function lineAheadRefusal(target: Target, waiting: number, retryAfterMs: number): Refusal {
  const scope = `model ${calleeOf(target)}`;
  return {
    scope,
    error: new LlmuxError({
      kind: 'rate_limited',
      message: `${waiting} call(s) to ${calleeOf(target)} are already waiting for room`,
      retryAfterMs,
      provider: target.provider,
      model: target.model,
    }),
  };
}

/**
 * A call a budget applies to, to a model with no price (neither in the catalog nor a
 * `fallbackPricing`): it would count as free, so it is refused before it is made.
 */
export function unpricedRefusal(target: Target, budget: string): Refusal {
  return {
    scope: budget,
    error: new UnpricedModelError({
      provider: target.provider,
      model: target.model,
      reason: `the ${budget} budget cannot count its calls, so they are refused`,
      remedy:
        "give it a price in the catalog passed to rateLimit (createModelCatalog([...], defaultModels)) or set rateLimit's fallbackPricing",
    }),
  };
}
