import { LlmuxError } from './errors.js';
import type { ModelPricing } from './model-catalog.js';

/** How many tokens an explicit context cache holds, and for how many hours. */
export interface CacheStorage {
  tokens: number;
  hours: number;
}

/**
 * What keeping an explicit context cache costs, in USD: tokens × hours at the model's
 * `cacheStoragePerHour` (Gemini bills it by the hour of each cache's lifetime, apart from the
 * calls that read it). Throws `not_found` for pricing without a storage rate, and
 * `invalid_request` for a negative or non-finite count.
 */
export function priceCacheStorage(storage: CacheStorage, pricing: ModelPricing): number {
  for (const field of ['tokens', 'hours'] as const) {
    const value = storage[field];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new LlmuxError({
        kind: 'invalid_request',
        message: `storage.${field} must be a finite number >= 0, got ${String(value)}`,
      });
    }
  }
  const rate = pricing.cacheStoragePerHour;
  if (rate === undefined) {
    throw new LlmuxError({
      kind: 'not_found',
      message:
        'No cache storage price is known for this model: give its pricing `cacheStoragePerHour`',
    });
  }
  return (storage.tokens * storage.hours * rate) / 1_000_000;
}
