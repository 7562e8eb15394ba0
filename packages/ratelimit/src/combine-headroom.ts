import { deploymentIdOf, deploymentOf, type Headroom, type HeadroomSource } from '@llmux/core';
import type { RateLimitedModel } from './rate-limited-model.js';

/**
 * One `HeadroomSource` for the router over the rate-limited models a failover holds: each
 * target is answered by the limiter of that deployment of a provider's model, and a model without
 * one has no limits to report (`{}`).
 */
export function combineHeadroom(
  models: ReadonlyArray<
    Pick<RateLimitedModel, 'provider' | 'modelId' | 'deploymentId' | 'headroom' | 'peek'>
  >,
): HeadroomSource {
  // The router asks for every candidate of every request: found by id, not by a search.
  const byDeployment = new Map<string, (typeof models)[number]>();
  for (const model of models) {
    const id = deploymentIdOf(model);
    if (!byDeployment.has(id)) byDeployment.set(id, model);
  }
  return {
    async headroom(target): Promise<Headroom> {
      const limiter = byDeployment.get(deploymentOf(target));
      return limiter ? limiter.headroom(target) : {};
    },
    peek(target) {
      const limiter = byDeployment.get(deploymentOf(target));
      return limiter ? limiter.peek?.(target) : {};
    },
  };
}
