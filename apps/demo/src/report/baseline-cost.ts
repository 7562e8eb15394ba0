import type { ModelCatalog } from '@llmux/core';
import type { LoggedRecord } from './parse-record-line.js';

export interface Baseline {
  provider: string;
  model: string;
}

/** What the design compares against: every request sent to Claude Sonnet, no cache. */
export const sonnetBaseline: Baseline = { provider: 'anthropic', model: 'claude-sonnet-4-6' };

/**
 * What the same requests would have cost on one model at its published prices: each record's
 * token usage priced at that model's rates. Cache hits count at full price (without a cache they
 * would have been calls); failed requests used no tokens.
 */
export function baselineCost(
  records: readonly LoggedRecord[],
  catalog: ModelCatalog,
  baseline: Baseline = sonnetBaseline,
): number {
  let usd = 0;
  for (const record of records) {
    usd += catalog.costOf(
      {
        inputTokens: record.input_tokens,
        outputTokens: record.output_tokens,
        cacheReadTokens: record.cache_read_tokens,
        cacheWriteTokens: record.cache_write_tokens,
        reasoningTokens: 0,
      },
      baseline.provider,
      baseline.model,
    );
  }
  return usd;
}
