/** A UTC day or month that a spend budget applies to. */
export interface BudgetPeriod {
  /** The limit it is configured as. */
  name: 'spendPerDayUsd' | 'spendPerMonthUsd';
  /** The period's part of store keys: `d2025-01-15`, `m2025-01`. */
  id: string;
  endsAt: number;
}

export function budgetPeriods(now: number): [day: BudgetPeriod, month: BudgetPeriod] {
  const date = new Date(now);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const dayStart = Date.UTC(year, month, date.getUTCDate());
  const iso = date.toISOString();
  return [
    { name: 'spendPerDayUsd', id: `d${iso.slice(0, 10)}`, endsAt: dayStart + 86_400_000 },
    { name: 'spendPerMonthUsd', id: `m${iso.slice(0, 7)}`, endsAt: Date.UTC(year, month + 1, 1) },
  ];
}
