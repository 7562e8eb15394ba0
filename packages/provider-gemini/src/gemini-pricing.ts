import type { ModelCatalog, Usage, Warning } from '@llmux/core';

export interface GeminiPricing {
  /** A warning for every response when the catalog has no price for the model. */
  warning?: Warning;
  costOf(usage: Usage): number;
}

/**
 * Prices calls from the catalog, long-context tiers and the cache-read rate included. A model the
 * catalog does not know (a new preview, a tuned model) costs 0, with a warning on each response.
 */
export function geminiPricing(catalog: ModelCatalog, modelId: string): GeminiPricing {
  if (catalog.get('gemini', modelId)) {
    return { costOf: (usage) => catalog.costOf(usage, 'gemini', modelId) };
  }
  return {
    warning: {
      type: 'other',
      message: `No price is known for gemini model "${modelId}"; its cost is reported as 0. Pass a catalog with its price to createGemini.`,
    },
    costOf: () => 0,
  };
}
