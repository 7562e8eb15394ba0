import type { Headroom, HeadroomSource } from '@llmux/core';
import type { RateLimitedModel } from './rate-limited-model.js';

/**
 * One `HeadroomSource` for the router over the rate-limited models a failover holds: each
 * target is answered by the limiter of that provider and model, and a model without one has no
 * limits to report (`{}`).
 */
export function combineHeadroom(
  models: ReadonlyArray<Pick<RateLimitedModel, 'provider' | 'modelId' | 'headroom'>>,
): HeadroomSource {
  return {
    async headroom(target): Promise<Headroom> {
      const limiter = models.find(
        (model) => model.provider === target.provider && model.modelId === target.model,
      );
      return limiter ? limiter.headroom(target) : {};
    },
  };
}
