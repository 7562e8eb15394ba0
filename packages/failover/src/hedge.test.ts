import { describe, expect, it } from 'vitest';
import { createHedgePolicy } from './hedge.js';

describe('createHedgePolicy', () => {
  it('hedges after a fixed delay', () => {
    const hedge = createHedgePolicy({ delayMs: 400 });
    expect(hedge.delayFor('alpha:a-small')).toBe(400);
  });

  it('learns the delay as a percentile of recent times to first token', () => {
    const hedge = createHedgePolicy({ percentile: 0.95, minSamples: 10, samples: 20 });
    for (let ms = 1; ms <= 9; ms++) hedge.observe('k', ms * 100);
    expect(hedge.delayFor('k')).toBeUndefined();
    hedge.observe('k', 1000);
    // 10 samples 100..1000: the 95th percentile is the 10th.
    expect(hedge.delayFor('k')).toBe(1000);
    for (let i = 0; i < 20; i++) hedge.observe('k', 50);
    // Only the last 20 are kept.
    expect(hedge.delayFor('k')).toBe(50);
    expect(hedge.delayFor('other')).toBeUndefined();
  });

  it('uses the fixed delay until enough is learned', () => {
    const hedge = createHedgePolicy({ delayMs: 700, percentile: 0.5, minSamples: 2 });
    hedge.observe('k', 100);
    expect(hedge.delayFor('k')).toBe(700);
    hedge.observe('k', 300);
    expect(hedge.delayFor('k')).toBe(100);
  });

  it('caps the share of hedged requests', () => {
    const hedge = createHedgePolicy({ delayMs: 0, maxShare: 0.1 });
    let hedged = 0;
    for (let request = 0; request < 100; request++) {
      hedge.countRequest();
      if (hedge.admit()) hedged++;
    }
    expect(hedged).toBe(10);
  });

  it('never hedges with a zero share', () => {
    const hedge = createHedgePolicy({ delayMs: 0, maxShare: 0 });
    hedge.countRequest();
    expect(hedge.admit()).toBe(false);
  });

  it('rejects bad options, naming the field', () => {
    expect(() => createHedgePolicy({})).toThrow(/"hedge": expected delayMs, percentile or both/);
    expect(() => createHedgePolicy({ percentile: 1.5 })).toThrow(/"hedge\.percentile"/);
    expect(() => createHedgePolicy({ delayMs: -1 })).toThrow(/"hedge\.delayMs"/);
    expect(() => createHedgePolicy({ delayMs: 1, maxShare: 2 })).toThrow(/"hedge\.maxShare"/);
    expect(() => createHedgePolicy({ percentile: 0.9, samples: 5, minSamples: 6 })).toThrow(
      /"hedge\.minSamples": expected an integer >= 1 <= 5/,
    );
  });
});
