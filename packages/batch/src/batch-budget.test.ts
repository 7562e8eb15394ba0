import { createManualClock, createMemorySpendLedger, emptyUsage, LlmuxError } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { type BatchBudget, type BatchSpendClaim, spendBudget } from './batch-budget.js';
import { createBatchManager } from './batch-manager.js';
import { ask, candidate, cleanup, startProviders, testTimings } from './batch-test-setup.js';

const claim = { tenant: 'acme', provider: 'openai', model: 'gpt-5-mini', items: 10 };

describe('spendBudget', () => {
  it("refuses a claim past the tenant's daily or monthly budget, saying when it renews", async () => {
    const clock = createManualClock(Date.parse('2026-12-31T18:00:00Z'));
    const ledger = createMemorySpendLedger({ clock, dailyBudgetUsd: 1, monthlyBudgetUsd: 5 });
    const budget = spendBudget(ledger, clock);
    await ledger.add(0.75, 'acme');
    await expect(budget.reserve({ ...claim, costUsd: 0.25 })).resolves.toBeUndefined();
    await expect(budget.reserve({ ...claim, costUsd: 0.3 })).rejects.toMatchObject({
      kind: 'budget_exceeded',
      retryable: false,
      retryAfterMs: 6 * 3_600_000,
      message: expect.stringContaining("more than is left of the day's budget ($0.2500 of $1)"),
    });
    await ledger.add(4.5, 'globex');
    await expect(
      budget.reserve({ ...claim, tenant: 'globex', costUsd: 0.6 }),
    ).rejects.toMatchObject({ kind: 'budget_exceeded', retryAfterMs: 6 * 3_600_000 });
  });

  it('records what answers cost in a ledger, and only reads a source without add', async () => {
    const ledger = createMemorySpendLedger();
    await spendBudget(ledger).record({ ...claim, usage: emptyUsage(), costUsd: 0.5 });
    expect((await ledger.spend('acme')).dayUsd).toBe(0.5);
    const readOnly = { spend: ledger.spend };
    await spendBudget(readOnly).record({ ...claim, usage: emptyUsage(), costUsd: 0.5 });
    expect((await ledger.spend('acme')).dayUsd).toBe(0.5);
  });
});

describe('budgets count batch work', () => {
  it('adds what each answer cost at batch prices to the ledger the router reads', async () => {
    const { clock, adapters, run } = await startProviders();
    const ledger = createMemorySpendLedger({ clock, dailyBudgetUsd: 1 });
    const manager = createBatchManager({
      adapters: Object.values(adapters),
      clock,
      ...testTimings,
      candidates: [candidate('anthropic')],
      budget: spendBudget(ledger, clock),
    });
    cleanup(() => manager.close());
    const items = ['a', 'b'].map((id) => ({ id, request: ask(id) }));
    const job = await manager.submit({ items, tenant: 'acme' });
    await run(manager.wait(job.id));
    const done = await manager.get(job.id);
    expect(done!.costUsd).toBeGreaterThan(0);
    expect((await ledger.spend('acme')).dayUsd).toBeCloseTo(done!.costUsd, 12);
  });

  it("asks for each tenant's share, and fails without a call the items refused", async () => {
    const { clock, adapters, sims, run } = await startProviders();
    const claims: BatchSpendClaim[] = [];
    const budget: BatchBudget = {
      async reserve(claim) {
        claims.push(claim);
        if (claim.tenant === 'acme') {
          throw new LlmuxError({ kind: 'budget_exceeded', message: 'acme spent its budget' });
        }
      },
      record: async () => {},
    };
    const manager = createBatchManager({
      adapters: Object.values(adapters),
      clock,
      ...testTimings,
      candidates: [candidate('openai'), candidate('gemini')],
      budget,
    });
    cleanup(() => manager.close());
    const job = await manager.submit({
      items: [
        { id: 'a', request: ask('a', { metadata: { tenant: 'acme' } }) },
        { id: 'b', request: ask('b', { metadata: { tenant: 'initech' } }) },
      ],
    });
    const [refused, answered] = await run(manager.wait(job.id));
    expect(refused).toMatchObject({ ok: false, error: { kind: 'budget_exceeded' } });
    expect(answered).toMatchObject({ ok: true, response: { provider: 'openai' } });
    expect(claims).toEqual([
      { tenant: 'acme', ...candidate('openai'), items: 1, costUsd: expect.any(Number) },
      { tenant: 'initech', ...candidate('openai'), items: 1, costUsd: expect.any(Number) },
    ]);
    // At most: the estimated input and all 50 allowed output tokens, at batch rates.
    expect(claims[1]!.costUsd).toBeGreaterThan(0);
    expect(sims.gemini.counters.requests).toBe(0);
  });
});
