import type { GenerateResponse } from '@llmux/core';
import type { CachedResponse } from './stored-response.js';

/**
 * The response a cache hit (or a request that shared another's upstream call) returns: the
 * original answer, at no cost, with the cost it saved and its own latency.
 */
export const toHitResponse = (cached: CachedResponse, latencyMs: number): GenerateResponse => ({
  ...cached,
  costUsd: 0,
  latencyMs,
  trace: {
    attempts: [],
    cacheHit: true,
    savedCostUsd: cached.costUsd,
    routeReason: `cache hit: the answer ${cached.provider}/${cached.model} gave to the same request`,
  },
});
