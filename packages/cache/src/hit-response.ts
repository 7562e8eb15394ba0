import type { GenerateResponse } from '@llmux/core';
import type { CachedResponse } from './stored-response.js';

/**
 * The response a cache hit (or a request that shared another's upstream call) returns: the
 * original answer, at no cost, with the cost it saved and its own latency. Made of `cached`
 * itself, a copy the caller hands over, so that a hit copies its answer once.
 */
export const toHitResponse = (cached: CachedResponse, latencyMs: number): GenerateResponse => {
  const savedCostUsd = cached.costUsd;
  const hit = cached as GenerateResponse;
  hit.costUsd = 0;
  hit.latencyMs = latencyMs;
  hit.trace = {
    attempts: [],
    cacheHit: true,
    savedCostUsd,
    routeReason: `cache hit: the answer ${cached.provider}/${cached.model} gave to the same request`,
  };
  return hit;
};
