import { type ModelCatalog, type Pricing, pricingFor } from '@llmux/core';

/** `llama3.2:3b` → `llama3.2`; `hf.co/org/model:Q4_K_M` → `hf.co/org/model`. */
const untagged = (modelId: string) => modelId.replace(/:[^/:]+$/, '');

/**
 * How an Ollama model's calls are priced: at the catalog's rates where it lists the model (by its
 * id, else its id without the `:tag`), else at 0 without a warning: a local model costs nothing
 * per token, listed or not.
 */
export function ollamaPricing(catalog: ModelCatalog, provider: string, modelId: string): Pricing {
  const listed = [modelId, untagged(modelId)].find((id) => catalog.get(provider, id));
  return listed === undefined ? { costOf: () => 0 } : pricingFor(catalog, provider, listed);
}
