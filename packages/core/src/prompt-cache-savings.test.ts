import { describe, expect, it } from 'vitest';
import type { ModelPricing } from './model-catalog.js';
import { promptCacheSavings } from './prompt-cache-savings.js';
import { emptyUsage, type Usage } from './usage.js';

const usage = (u: Partial<Usage>): Usage => ({ ...emptyUsage(), ...u });

/** Anthropic-like: reads at 0.1x, 5-minute writes at 1.25x, 1-hour writes at 2x input. */
const claude: ModelPricing = {
  input: 10,
  output: 50,
  cacheRead: 1,
  cacheWrite: 12.5,
  cacheWrite1h: 20,
  batch: { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25, cacheWrite1h: 10 },
  longContext: { thresholdTokens: 200_000, input: 20, output: 75, cacheRead: 2 },
};

describe('promptCacheSavings', () => {
  it('counts what cache reads saved against the input rate', () => {
    // 100K reads at $1 instead of $10: $0.90.
    const reads = usage({ inputTokens: 150_000, cacheReadTokens: 100_000, outputTokens: 500 });
    expect(promptCacheSavings(reads, claude)).toBeCloseTo(0.9, 12);
  });

  it('takes off the premium of cache writes, below zero for a call that only writes', () => {
    // 100K 5-minute writes cost $0.25 more than input; 100K 1-hour writes $1 more.
    const writes = usage({
      inputTokens: 200_000,
      cacheWriteTokens: 200_000,
      cacheWrite1hTokens: 100_000,
    });
    expect(promptCacheSavings(writes, claude)).toBeCloseTo(-1.25, 12);
    const both = usage({
      inputTokens: 200_000,
      cacheReadTokens: 100_000,
      cacheWriteTokens: 100_000,
    });
    expect(promptCacheSavings(both, claude)).toBeCloseTo(0.9 - 0.25, 12);
  });

  it('is nothing without cached tokens, and nothing for writes billed as plain input', () => {
    expect(promptCacheSavings(usage({ inputTokens: 5_000, outputTokens: 100 }), claude)).toBe(0);
    const openai: ModelPricing = { input: 2, output: 8, cacheRead: 0.5 };
    const writes = usage({ inputTokens: 1e6, cacheWriteTokens: 1e6 });
    expect(promptCacheSavings(writes, openai)).toBe(0);
  });

  it("prices both sides at the call's own tier and, for a batch call, at batch rates", () => {
    const long = usage({ inputTokens: 300_000, cacheReadTokens: 100_000 });
    // Long tier: 100K reads at $2 instead of $20.
    expect(promptCacheSavings(long, claude)).toBeCloseTo(1.8, 12);
    const reads = usage({ inputTokens: 150_000, cacheReadTokens: 100_000 });
    expect(promptCacheSavings(reads, claude, { batch: true })).toBeCloseTo(0.45, 12);
  });
});
