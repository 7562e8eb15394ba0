import { type BatchBudget, spendBudget } from '@llmux/batch';
import type { Clock } from '@llmux/core';
import type { RateLimitedModel } from '@llmux/ratelimit';

/**
 * Batch work counts as live work does: a batch is checked against its tenant's budgets before it
 * goes out (limiters on one store share tenant spend, so any of them answers for all), and each
 * answer is charged to its model's limiter, in requests, tokens and spend.
 */
export function limiterBudget(
  limited: ReadonlyMap<string, RateLimitedModel>,
  clock: Clock,
): BatchBudget | undefined {
  const any = limited.values().next().value;
  if (!any) return undefined;
  const check = spendBudget(any, clock);
  return {
    reserve: (claim) => check.reserve(claim),
    async record({ tenant, provider, model, usage, costUsd }) {
      await limited.get(`${provider}/${model}`)?.charge({ tenant, usage, costUsd });
    },
  };
}
