import { describe, expect, it } from 'vitest';
import { budgetPeriods } from './budget-period.js';

describe('budgetPeriods', () => {
  it('names the UTC day and month and when each ends', () => {
    const [day, month] = budgetPeriods(Date.UTC(2024, 1, 29, 23, 59, 59, 999));
    expect(day).toEqual({
      name: 'spendPerDayUsd',
      id: 'd2024-02-29',
      endsAt: Date.UTC(2024, 2, 1),
    });
    expect(month).toEqual({
      name: 'spendPerMonthUsd',
      id: 'm2024-02',
      endsAt: Date.UTC(2024, 2, 1),
    });
  });

  it('moves on to the next day and month once they start', () => {
    const before = budgetPeriods(Date.UTC(2025, 0, 31, 23, 59, 59, 999));
    expect(budgetPeriods(Date.UTC(2025, 0, 31, 8))).toBe(before);
    const [day, month] = budgetPeriods(Date.UTC(2025, 1, 1));
    expect(day).toMatchObject({ id: 'd2025-02-01', endsAt: Date.UTC(2025, 1, 2) });
    expect(month).toMatchObject({ id: 'm2025-02', endsAt: Date.UTC(2025, 2, 1) });
    expect(budgetPeriods(Date.UTC(2025, 0, 31, 12))[0]).toMatchObject({ id: 'd2025-01-31' });
  });

  it('rolls the year over in December', () => {
    const [, month] = budgetPeriods(Date.UTC(2025, 11, 31, 12));
    expect(month).toMatchObject({ id: 'm2025-12', endsAt: Date.UTC(2026, 0, 1) });
  });
});
