import { defaultCatalog, type ModelCatalog, type RequestRecord } from '@llmux/core';
import type { CandidateRef } from '../stack/router-config.js';

/**
 * What a request would have cost with no routing and no other lever: its tokens on `baseline`
 * (the dashboard's: the first candidate in the router's order, where every request would go
 * without rules), every input token at the full input rate, at live rates (no prompt cache, no
 * batch). 0 without a baseline or a price for it.
 */
export function routingBaselineCost(
  record: Pick<RequestRecord, 'input_tokens' | 'output_tokens'>,
  baseline: CandidateRef | undefined,
  catalog: ModelCatalog = defaultCatalog,
): number {
  if (!baseline || !catalog.get(baseline.provider, baseline.model)) return 0;
  return catalog.costOf(
    {
      inputTokens: record.input_tokens,
      outputTokens: record.output_tokens,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    },
    baseline.provider,
    baseline.model,
  );
}
