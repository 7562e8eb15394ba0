import {
  type EmbeddingModel,
  type EmbedRequest,
  type EmbedResponse,
  embedUsage,
  estimateEmbedTokens,
  type HeadroomSource,
  priceUsage,
  type SpendSource,
} from '@llmux/core';
import { createLimiter, type Estimator } from './limiter.js';
import { invalidOption } from './limits.js';
import { type RateLimitOptions, resolveOptions, type WaitMode } from './rate-limit-options.js';
import { runLimited } from './run-limited.js';
import type { RateLimitStoreHealth } from './store-session.js';

/** `rateLimit`'s options, but for embedding requests; they have no output to reserve. */
export type EmbeddingRateLimitOptions = Omit<
  RateLimitOptions,
  'mode' | 'defaultMaxOutputTokens'
> & {
  /** Default `wait`; a function chooses per request. */
  mode?: WaitMode | ((request: EmbedRequest) => WaitMode);
};

/** An embedding model behind limits, which also tells a router its headroom and spend. */
export type RateLimitedEmbeddingModel = EmbeddingModel &
  HeadroomSource &
  SpendSource & {
    /** Whether limits are counted in the store now, or alone in this process, since when and why. */
    storeHealth(): RateLimitStoreHealth;
  };

/** An embedding call takes its texts' tokens, as core estimates them, and no output. */
const estimateEmbed: Estimator<EmbedRequest> = (request, pricing) => {
  const tokens = Array.isArray(request?.inputs)
    ? estimateEmbedTokens(request.inputs.filter((text) => typeof text === 'string'))
    : 0;
  return { tokens, usd: pricing ? priceUsage(embedUsage(tokens), pricing) : 0 };
};

/**
 * Wraps one embedding model in the same request, token, concurrency and spend limits as
 * `rateLimit`, on the same store: an embedding call counts one request, its input tokens and its
 * cost against every window and budget of its model, provider and tenant, beside the tenant's
 * generate calls. Before the call it reserves the estimate; after, it settles to the tokens and
 * cost the provider reported, or gives back what it held if the call failed.
 */
export function rateLimitEmbedding(
  model: EmbeddingModel,
  options: EmbeddingRateLimitOptions,
): RateLimitedEmbeddingModel {
  if (typeof model?.embed !== 'function') {
    throw invalidOption('model', 'an EmbeddingModel', model);
  }
  const target = { provider: model.provider, model: model.modelId };
  const limiter = createLimiter(target, resolveOptions<EmbedRequest>(options), estimateEmbed);

  return {
    provider: model.provider,
    modelId: model.modelId,
    dimensions: model.dimensions,
    embed: (request): Promise<EmbedResponse> =>
      runLimited(
        limiter,
        request,
        target,
        () => model.embed(request),
        (response) => ({
          finished: {
            usage: embedUsage(response.usage.inputTokens),
            costUsd: response.costUsd,
            trace: response.trace,
          },
          rateLimits: response.rateLimits,
        }),
      ),
    headroom: (headroomTarget) => limiter.headroom(headroomTarget),
    peek: (headroomTarget) => limiter.peekHeadroom(headroomTarget),
    spend: (tenant) => limiter.spend(tenant),
    storeHealth: () => limiter.storeHealth(),
  };
}
