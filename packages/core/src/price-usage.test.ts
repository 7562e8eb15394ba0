import { describe, expect, it } from 'vitest';
import { LlmuxError } from './errors.js';
import { priceUsage } from './price-usage.js';
import { emptyUsage, type Usage } from './usage.js';

const usage = (u: Partial<Usage>): Usage => ({ ...emptyUsage(), ...u });

describe('priceUsage', () => {
  it('bills cached and written tokens at their own rates and the rest at the input rate', () => {
    const pricing = { input: 10, output: 20, cacheRead: 1, cacheWrite: 12.5, cacheWrite1h: 20 };
    const cost = priceUsage(
      usage({
        inputTokens: 1_000_000,
        cacheReadTokens: 300_000,
        cacheWriteTokens: 200_000,
        cacheWrite1hTokens: 50_000,
        outputTokens: 100_000,
      }),
      pricing,
    );
    // 500K uncached * 10 + 300K * 1 + 150K * 12.5 + 50K * 20 + 100K * 20, per million.
    expect(cost).toBeCloseTo(5 + 0.3 + 1.875 + 1 + 2, 12);
  });

  it('falls back to the input rate for unpriced cache tokens, and to the 5m rate for 1h writes', () => {
    const tokens = usage({ inputTokens: 3e6, cacheReadTokens: 1e6, cacheWriteTokens: 1e6 });
    expect(priceUsage(tokens, { input: 2, output: 8 })).toBe(6);
    const with1h = { ...tokens, cacheWrite1hTokens: 1e6 };
    expect(priceUsage(with1h, { input: 2, output: 8, cacheWrite: 3 })).toBe(2 + 2 + 3);
  });

  it('counts no more 1h writes than there were writes', () => {
    const tokens = usage({ inputTokens: 1e6, cacheWriteTokens: 1e6, cacheWrite1hTokens: 5e6 });
    expect(priceUsage(tokens, { input: 1, output: 1, cacheWrite: 2, cacheWrite1h: 4 })).toBe(4);
  });

  it('switches the whole call to long-context rates only above the threshold', () => {
    const pricing = {
      input: 1,
      output: 10,
      longContext: { thresholdTokens: 200_000, input: 2, output: 15 },
    };
    expect(priceUsage(usage({ inputTokens: 200_000, outputTokens: 1e6 }), pricing)).toBe(10.2);
    expect(priceUsage(usage({ inputTokens: 200_001, outputTokens: 1e6 }), pricing)).toBeCloseTo(
      15 + 0.400002,
      12,
    );
  });

  it("prices a batch call at its tier's batch rates, cache reads and writes included", () => {
    const pricing = {
      input: 2,
      output: 10,
      cacheRead: 0.2,
      cacheWrite: 2.5,
      batch: { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
      longContext: {
        thresholdTokens: 200_000,
        input: 4,
        output: 15,
        batch: { input: 2, output: 7.5 },
      },
    };
    const short = usage({
      inputTokens: 100_000,
      cacheReadTokens: 40_000,
      cacheWriteTokens: 20_000,
      outputTokens: 1e6,
    });
    // 40K uncached * 1 + 40K * 0.1 + 20K * 1.25 + 1M * 5, per million.
    expect(priceUsage(short, pricing, { batch: true })).toBeCloseTo(0.04 + 0.004 + 0.025 + 5, 12);
    // Over the threshold: the long tier's batch rates, unpriced cache reads at its batch input.
    const long = usage({ inputTokens: 3e5, cacheReadTokens: 1e5, outputTokens: 1e6 });
    expect(priceUsage(long, pricing, { batch: true })).toBeCloseTo(0.4 + 0.2 + 7.5, 12);
    expect(priceUsage(long, pricing, { batch: false })).toBe(priceUsage(long, pricing));
  });

  it('refuses to price a batch call without batch rates rather than guess them', () => {
    const error = catchError(() =>
      priceUsage(usage({ inputTokens: 10 }), { input: 1, output: 1 }, { batch: true }),
    );
    expect(error.kind).toBe('not_found');
    expect(error.message).toContain('batch');
  });

  it.each([
    ['inputTokens', Number.NaN],
    ['outputTokens', -1],
    ['cacheReadTokens', Number.POSITIVE_INFINITY],
    ['cacheWrite1hTokens', '12'],
  ])('rejects usage.%s = %s with an invalid_request naming the field', (field, value) => {
    const bad = { ...emptyUsage(), [field]: value } as Usage;
    const error = catchError(() => priceUsage(bad, { input: 1, output: 1 }));
    expect(error.kind).toBe('invalid_request');
    expect(error.message).toContain(`usage.${field}`);
  });
});

function catchError(fn: () => unknown): LlmuxError {
  try {
    fn();
  } catch (error) {
    if (LlmuxError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an LlmuxError');
}
