import { describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.js';
import { createMemorySpendLedger } from './memory-spend-ledger.js';

const HOUR = 3_600_000;

describe('createMemorySpendLedger', () => {
  it('adds spend per tenant to the current UTC day and month, with the budgets', async () => {
    const clock = createManualClock(Date.parse('2026-11-25T09:00:00Z'));
    const ledger = createMemorySpendLedger({ clock, dailyBudgetUsd: 5, monthlyBudgetUsd: 100 });
    await ledger.add(1.25, 'acme');
    await ledger.add(0.75, 'acme');
    await ledger.add(3);
    expect(await ledger.spend('acme')).toEqual({
      dayUsd: 2,
      monthUsd: 2,
      dailyBudgetUsd: 5,
      monthlyBudgetUsd: 100,
    });
    expect(await ledger.spend()).toMatchObject({ dayUsd: 3, monthUsd: 3 });
    expect(await ledger.spend('nobody')).toMatchObject({ dayUsd: 0, monthUsd: 0 });
  });

  it('starts a new day at UTC midnight and keeps the month', async () => {
    const clock = createManualClock(Date.parse('2026-11-25T23:00:00Z'));
    const ledger = createMemorySpendLedger({ clock });
    await ledger.add(2);
    await clock.advance(HOUR - 1);
    expect(await ledger.spend()).toMatchObject({ dayUsd: 2, monthUsd: 2 });
    await clock.advance(1);
    expect(await ledger.spend()).toMatchObject({ dayUsd: 0, monthUsd: 2 });
    await ledger.add(1);
    expect(await ledger.spend()).toMatchObject({ dayUsd: 1, monthUsd: 3 });
  });

  it('starts a new month on the first, UTC', async () => {
    const clock = createManualClock(Date.parse('2026-11-30T23:30:00Z'));
    const ledger = createMemorySpendLedger({ clock });
    await ledger.add(10);
    await clock.advance(HOUR);
    expect(await ledger.spend()).toEqual({
      dayUsd: 0,
      monthUsd: 0,
      dailyBudgetUsd: undefined,
      monthlyBudgetUsd: undefined,
    });
  });
});
