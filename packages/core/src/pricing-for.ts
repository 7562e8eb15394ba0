import type { ModelCatalog } from './model-catalog.js';
import { type CacheStorage, priceCacheStorage } from './price-cache-storage.js';
import type { Warning } from './response.js';
import type { Usage } from './usage.js';

/** How a provider adapter prices the calls of one model. */
export interface Pricing {
  costOf(usage: Usage): number;
  /**
   * What keeping an explicit context cache costs (Gemini): 0 for a model without a storage rate,
   * whose provider bills none or has not published one.
   */
  costOfStorage?(storage: CacheStorage): number;
  /** Set when the catalog has no price for the model: every response should carry it. */
  warning?: Warning;
}

/**
 * Prices a model's calls from the catalog (long-context tiers and cache rates included). A model
 * the catalog does not know (a new preview, a model behind a compatible endpoint) costs 0, with a
 * warning saying so: a missing price must not fail a call that worked.
 */
export function pricingFor(catalog: ModelCatalog, provider: string, modelId: string): Pricing {
  const info = catalog.get(provider, modelId);
  if (info) {
    return {
      costOf: (usage) => catalog.costOf(usage, provider, modelId),
      costOfStorage: (storage) =>
        info.pricing.cacheStoragePerHour === undefined
          ? 0
          : priceCacheStorage(storage, info.pricing),
    };
  }
  return {
    costOf: () => 0,
    costOfStorage: () => 0,
    warning: {
      type: 'other',
      message: `No price is known for ${provider} model "${modelId}": costUsd is 0. Add its price with createModelCatalog() and pass that catalog to the provider.`,
    },
  };
}
