import { deploymentIdOf, deploymentOf, type Headroom, type HeadroomSource } from '@llmux/core';
import type { RateLimitedModel } from './rate-limited-model.js';

/**
 * One `HeadroomSource` for the router over the rate-limited models a failover holds: each
 * target is answered by the limiter of that deployment of a provider's model, and a model without
 * one has no limits to report (`{}`).
 */
export function combineHeadroom(
  models: ReadonlyArray<
    Pick<RateLimitedModel, 'provider' | 'modelId' | 'deploymentId' | 'headroom'>
  >,
): HeadroomSource {
  return {
    async headroom(target): Promise<Headroom> {
      const limiter = models.find((model) => deploymentIdOf(model) === deploymentOf(target));
      return limiter ? limiter.headroom(target) : {};
    },
  };
}
