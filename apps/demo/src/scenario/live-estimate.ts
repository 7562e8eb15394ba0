import { estimateInputTokens, type ModelCatalog } from '@llmux/core';
import type { Stack } from '@llmux/gateway';
import type { Workload } from './workload.js';

export interface LiveEstimate {
  /** Providers that will be called for real. */
  liveProviders: string[];
  /** Requests planned to a live provider first (repeats left out: the cache answers them). */
  liveRequests: number;
  /** With answers of typical length (60% of each request's output budget). */
  typicalUsd: number;
  /** With every answer as long as its budget allows. */
  maxUsd: number;
}

const TYPICAL_OUTPUT_SHARE = 0.6;

/**
 * What a live run should cost: each fresh request priced at the first model the router plans
 * for it, when that model's provider is live. Failover to another live model may change it.
 */
export async function estimateLiveCost(
  stack: Pick<Stack, 'router' | 'endpoints'>,
  workload: Workload,
  catalog: ModelCatalog,
): Promise<LiveEstimate> {
  const live = new Set<string>(
    stack.endpoints.filter((e) => e.mode === 'live').map((e) => e.provider),
  );
  const estimate: LiveEstimate = {
    liveProviders: [...live],
    liveRequests: 0,
    typicalUsd: 0,
    maxUsd: 0,
  };
  for (const item of workload.items) {
    if (item.repeatOf !== undefined) continue;
    const first = (await stack.router.plan(item.request)).candidates[0];
    if (!first || !live.has(first.provider)) continue;
    const inputTokens = estimateInputTokens(item.request);
    const budget = item.request.maxOutputTokens ?? 0;
    const cost = (outputTokens: number) =>
      catalog.costOf(
        { inputTokens, outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
        first.provider,
        first.model,
      );
    estimate.liveRequests++;
    estimate.typicalUsd += cost(Math.round(budget * TYPICAL_OUTPUT_SHARE));
    estimate.maxUsd += cost(budget);
  }
  return estimate;
}
