import type { ModelCatalog, Usage, Warning } from '@llmux/core';

export interface Pricing {
  /** A warning for the response when the catalog has no price for the model. */
  warning?: Warning;
  costOf(usage: Usage): number;
}

/**
 * Prices calls from the catalog. A model it does not know (a self-hosted or other vendor's
 * model behind an OpenAI-compatible endpoint) costs 0, with a warning on each response.
 */
export function pricingFor(catalog: ModelCatalog, provider: string, modelId: string): Pricing {
  if (catalog.get(provider, modelId)) {
    return { costOf: (usage) => catalog.costOf(usage, provider, modelId) };
  }
  return {
    warning: {
      type: 'other',
      message: `No price is known for ${provider} model "${modelId}"; its cost is reported as 0. Pass a catalog with its price to createOpenAI.`,
    },
    costOf: () => 0,
  };
}
