import { describe, expect, it } from 'vitest';
import { budgetCost } from './budget-cost.js';
import { emptyUsage } from './usage.js';

const pricing = { input: 10, output: 20 };
const used = { ...emptyUsage(), inputTokens: 100_000, outputTokens: 10_000 };

describe('budgetCost', () => {
  it('counts the cost the model reported when it priced the call', () => {
    expect(budgetCost({ usage: used, costUsd: 0.7 }, pricing)).toBe(0.7);
  });

  it('counts a call its model reported free at the given price, not at 0', () => {
    expect(budgetCost({ usage: used, costUsd: 0 }, pricing)).toBeCloseTo(1.2, 12);
  });

  it('leaves 0 for a response-cache hit, and without a price to count it at', () => {
    const hit = { usage: used, costUsd: 0, trace: { attempts: [], cacheHit: true } };
    expect(budgetCost(hit, pricing)).toBe(0);
    expect(budgetCost({ usage: used, costUsd: 0 }, undefined)).toBe(0);
  });
});
