import { describe, expect, it } from 'vitest';
import { defaultCatalog } from './default-catalog.js';
import { LlmuxError } from './errors.js';
import { priceCacheStorage } from './price-cache-storage.js';

const rate = { input: 1.25, output: 10, cacheStoragePerHour: 4.5 };

describe('priceCacheStorage', () => {
  it('prices tokens by the hour at the storage rate', () => {
    expect(priceCacheStorage({ tokens: 1_000_000, hours: 1 }, rate)).toBe(4.5);
    // 200K tokens kept for 90 minutes.
    expect(priceCacheStorage({ tokens: 200_000, hours: 1.5 }, rate)).toBeCloseTo(1.35, 12);
    expect(priceCacheStorage({ tokens: 200_000, hours: 0 }, rate)).toBe(0);
  });

  it("reads the rate from a catalog row: Gemini 2.5 Pro's $4.50 per million tokens an hour", () => {
    const pricing = defaultCatalog.get('gemini', 'gemini-2.5-pro')!.pricing;
    expect(priceCacheStorage({ tokens: 2_000_000, hours: 3 }, pricing)).toBe(27);
  });

  it('refuses pricing without a storage rate, and counts that are not counts', () => {
    const missing = catchError(() =>
      priceCacheStorage({ tokens: 1, hours: 1 }, { input: 1, output: 1 }),
    );
    expect(missing.kind).toBe('not_found');
    expect(missing.message).toContain('cacheStoragePerHour');
    const negative = catchError(() => priceCacheStorage({ tokens: 1, hours: -1 }, rate));
    expect(negative.kind).toBe('invalid_request');
    expect(negative.message).toContain('storage.hours');
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
