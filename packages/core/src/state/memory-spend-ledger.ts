import { type Clock, systemClock } from '../clock.js';
import type { Spend, SpendSource } from './usage-source.js';

export interface SpendLedger extends SpendSource {
  add(usd: number, tenant?: string): Promise<void>;
}

export interface MemorySpendLedgerOptions {
  clock?: Clock;
  dailyBudgetUsd?: number;
  monthlyBudgetUsd?: number;
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const monthOf = (ms: number) => new Date(ms).toISOString().slice(0, 7);

/**
 * Spend per tenant for one process, in UTC days and months. Enough for the router's budget
 * rules without `@llmux/ratelimit`, which keeps spend for a whole fleet.
 */
export function createMemorySpendLedger(options: MemorySpendLedgerOptions = {}): SpendLedger {
  const { clock = systemClock, dailyBudgetUsd, monthlyBudgetUsd } = options;
  const totals = new Map<string, number>();
  const tenantKey = (tenant?: string) => tenant ?? '*';

  return {
    async add(usd, tenant) {
      const now = clock.now();
      for (const period of [dayOf(now), monthOf(now)]) {
        const key = `${tenantKey(tenant)}|${period}`;
        totals.set(key, (totals.get(key) ?? 0) + usd);
      }
    },
    async spend(tenant): Promise<Spend> {
      const now = clock.now();
      return {
        dayUsd: totals.get(`${tenantKey(tenant)}|${dayOf(now)}`) ?? 0,
        monthUsd: totals.get(`${tenantKey(tenant)}|${monthOf(now)}`) ?? 0,
        dailyBudgetUsd,
        monthlyBudgetUsd,
      };
    },
  };
}
