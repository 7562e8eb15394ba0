import {
  estimateInputTokens,
  type GenerateRequest,
  type GenerateResponse,
  LlmuxError,
  type ModelCatalog,
  type Usage,
  type Warning,
} from '@llmux/core';

/**
 * Usage at the model's batch rates, or at its standard rates when the catalog has none for it
 * (`standard`); undefined for a model the catalog has no price for at all.
 */
function atBatchRates(
  catalog: ModelCatalog,
  usage: Usage,
  provider: string,
  model: string,
): { costUsd: number; standard: boolean } | undefined {
  if (!catalog.get(provider, model)) return undefined;
  try {
    return { costUsd: catalog.costOf(usage, provider, model, { batch: true }), standard: false };
  } catch (error) {
    if (!LlmuxError.isInstance(error) || error.kind !== 'not_found') throw error;
    return { costUsd: catalog.costOf(usage, provider, model), standard: true };
  }
}

/**
 * What a batch answer costs at the catalog's batch rates for the model it was sent to, and what
 * that saved on the live price its adapter gave it. A model without batch rates keeps its
 * standard cost, with a warning: an overstated cost never lets a budget overspend, and a missing
 * price must not fail an answer that came back. A model without any price keeps the adapter's
 * cost (0) and its warning.
 */
export function batchCost(
  response: GenerateResponse,
  model: string,
  catalog: ModelCatalog,
): { costUsd: number; savedUsd: number; warning?: Warning } {
  const { provider, costUsd: liveUsd } = response;
  const priced = atBatchRates(catalog, response.usage, provider, model);
  if (!priced) return { costUsd: liveUsd, savedUsd: 0 };
  if (!priced.standard) return { costUsd: priced.costUsd, savedUsd: liveUsd - priced.costUsd };
  return {
    costUsd: priced.costUsd,
    savedUsd: 0,
    warning: {
      type: 'other',
      message: `No batch price is known for ${provider} model "${model}": costUsd is at standard rates. Add its pricing \`batch\` rates with createModelCatalog().`,
    },
  };
}

/**
 * The most a request may cost in a batch of the model, for budgets: its estimated input and all
 * the output it allows (0 for a model without a price).
 */
export function estimatedBatchCost(
  request: GenerateRequest,
  candidate: { provider: string; model: string },
  catalog: ModelCatalog,
  defaultMaxOutputTokens: number,
): number {
  const usage: Usage = {
    inputTokens: estimateInputTokens(request),
    outputTokens: request.maxOutputTokens ?? defaultMaxOutputTokens,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
  };
  return atBatchRates(catalog, usage, candidate.provider, candidate.model)?.costUsd ?? 0;
}
