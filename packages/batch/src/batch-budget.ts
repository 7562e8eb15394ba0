import {
  type Clock,
  LlmuxError,
  type SpendLedger,
  type SpendSource,
  systemClock,
  type Usage,
} from '@llmux/core';

/** One tenant's share of a provider batch, before it is sent. */
export interface BatchSpendClaim {
  tenant?: string;
  provider: string;
  model: string;
  items: number;
  /** The most these items may cost, at batch prices: estimated input and all allowed output. */
  costUsd: number;
}

/** What one batch answer cost, once it came back. */
export interface BatchSpend {
  tenant?: string;
  provider: string;
  model: string;
  usage: Usage;
  costUsd: number;
}

/**
 * How batch work counts against budgets. `reserve` is asked, per tenant, before a provider batch
 * is sent and refuses what must not run by rejecting (with `budget_exceeded`): those items fail
 * with that error. `record` is told each answer's cost once, when it comes back (answers to items
 * that had meanwhile gone elsewhere included: the provider bills them too).
 */
export interface BatchBudget {
  reserve(claim: BatchSpendClaim): Promise<void>;
  record(spend: BatchSpend): Promise<void>;
}

const DAY_MS = 86_400_000;

/** Milliseconds until the UTC day, or month, that holds `now` is over. */
function untilRenewal(now: number, period: 'day' | 'month'): number {
  const date = new Date(now);
  const next =
    period === 'day'
      ? Math.floor(now / DAY_MS) * DAY_MS + DAY_MS
      : Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  return next - now;
}

/**
 * A budget over core's spend interfaces, shared with live traffic: `reserve` refuses a claim
 * that would take the tenant past its daily or monthly budget as `spend(tenant)` reports it (a
 * rate-limited model, a router's ledger), and `record` adds each cost with `add` when the source
 * has one (a `SpendLedger`, such as core's `createMemorySpendLedger`).
 */
export function spendBudget(
  source: SpendSource & Partial<Pick<SpendLedger, 'add'>>,
  clock: Pick<Clock, 'now'> = systemClock,
): BatchBudget {
  return {
    async reserve(claim) {
      const spend = await source.spend(claim.tenant);
      const periods = [
        ['day', spend.dayUsd, spend.dailyBudgetUsd],
        ['month', spend.monthUsd, spend.monthlyBudgetUsd],
      ] as const;
      for (const [period, spent, budget] of periods) {
        if (budget === undefined || spent + claim.costUsd <= budget) continue;
        throw new LlmuxError({
          kind: 'budget_exceeded',
          message: `A batch of ${claim.items} requests may cost $${claim.costUsd.toFixed(4)}, more than is left of the ${period}'s budget ($${Math.max(0, budget - spent).toFixed(4)} of $${budget})`,
          retryAfterMs: untilRenewal(clock.now(), period),
        });
      }
    },
    async record(spend) {
      await source.add?.(spend.costUsd, spend.tenant);
    },
  };
}
