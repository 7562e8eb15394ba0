import { describe, expect, it } from 'vitest';
import { reasoningBudgetOf, reasoningEffortFor, reasoningEffortOf } from './reasoning-budget.js';

describe('reasoning budgets and efforts', () => {
  it('maps a budget to the nearest effort', () => {
    expect(reasoningEffortOf(0)).toBe('none');
    expect(reasoningEffortOf(500)).toBe('minimal');
    expect(reasoningEffortOf(2047)).toBe('minimal');
    expect(reasoningEffortOf(2048)).toBe('low');
    expect(reasoningEffortOf(6000)).toBe('medium');
    expect(reasoningEffortOf(12000)).toBe('high');
    expect(reasoningEffortOf(100_000)).toBe('high');
  });

  it('prefers what the request states, and derives the other', () => {
    expect(reasoningBudgetOf({ effort: 'high', budgetTokens: 3000 })).toBe(3000);
    expect(reasoningBudgetOf({ effort: 'low' })).toBe(4096);
    expect(reasoningBudgetOf({ effort: 'none' })).toBe(0);
    expect(reasoningBudgetOf({})).toBeUndefined();
    expect(reasoningBudgetOf(undefined)).toBeUndefined();
    expect(reasoningEffortFor({ effort: 'low', budgetTokens: 30_000 })).toBe('low');
    expect(reasoningEffortFor({ budgetTokens: 30_000 })).toBe('high');
    expect(reasoningEffortFor({})).toBeUndefined();
  });
});
