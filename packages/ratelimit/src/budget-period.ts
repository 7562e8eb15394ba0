/** A UTC day or month that a spend budget applies to. */
export interface BudgetPeriod {
  /** The limit it is configured as. */
  readonly name: 'spendPerDayUsd' | 'spendPerMonthUsd';
  /** The period's part of store keys: `d2025-01-15`, `m2025-01`. */
  readonly id: string;
  readonly endsAt: number;
}

type Periods = readonly [day: BudgetPeriod, month: BudgetPeriod];

const DAY_MS = 86_400_000;

/** The periods of the day asked about last: every call plans with them, all day long. */
let lastDay: { startsAt: number; periods: Periods } | undefined;

export function budgetPeriods(now: number): Periods {
  if (lastDay && now >= lastDay.startsAt && now < lastDay.startsAt + DAY_MS) {
    return lastDay.periods;
  }
  const date = new Date(now);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const dayStart = Date.UTC(year, month, date.getUTCDate());
  const iso = date.toISOString();
  const periods: Periods = [
    { name: 'spendPerDayUsd', id: `d${iso.slice(0, 10)}`, endsAt: dayStart + DAY_MS },
    { name: 'spendPerMonthUsd', id: `m${iso.slice(0, 7)}`, endsAt: Date.UTC(year, month + 1, 1) },
  ];
  lastDay = { startsAt: dayStart, periods };
  return periods;
}
