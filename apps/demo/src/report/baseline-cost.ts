import type { ModelCatalog } from '@llmux/core';
import { routingBaselineCost } from '@llmux/gateway';
import type { LoggedRecord } from './parse-record-line.js';

export interface Baseline {
  provider: string;
  model: string;
}

/** What the design compares against: every request sent to Claude Sonnet, no cache. */
export const sonnetBaseline: Baseline = { provider: 'anthropic', model: 'claude-sonnet-4-6' };

/**
 * What the same requests would have cost on one model at its published prices, without any of
 * llmux's levers: each record's tokens priced at that model's rates, every input token at the
 * full input rate (no prompt cache), at live rates (no batch). Cache hits count at full price
 * (without a cache they would have been calls); failed requests used no tokens.
 */
export function baselineCost(
  records: readonly LoggedRecord[],
  catalog: ModelCatalog,
  baseline: Baseline = sonnetBaseline,
): number {
  return records.reduce((usd, record) => usd + routingBaselineCost(record, baseline, catalog), 0);
}
