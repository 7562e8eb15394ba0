import { type Clock, systemClock } from './clock.js';
import type { EmbeddingModel } from './embedding-model.js';
import { toLlmuxError } from './errors.js';
import { type IdGenerator, randomId } from './ids.js';
import type { Observer } from './observer.js';
import { startRequestEvents } from './request-events.js';

export interface ObserveEmbeddingOptions {
  /** None: requests still get their ids, and no event is built. */
  observer?: Observer;
  clock?: Clock;
  ids?: IdGenerator;
}

/**
 * `observe` for an embedding model, the outermost layer: gives each request an id (unless it has
 * one) and reports `request-start` and `request-end`, whose record has `operation: 'embed'`, the
 * input tokens and the cost.
 */
export function observeEmbedding(
  model: EmbeddingModel,
  options: ObserveEmbeddingOptions,
): EmbeddingModel {
  const { observer, clock = systemClock, ids = randomId } = options;
  return {
    provider: model.provider,
    modelId: model.modelId,
    dimensions: model.dimensions,
    async embed(request) {
      const call = startRequestEvents({ observer, clock, ids }, request?.metadata, {
        streamed: false,
        operation: 'embed',
      });
      try {
        const response = await model.embed({ ...request, metadata: call.metadata });
        call.end({ response });
        return response;
      } catch (error) {
        call.end({ error });
        throw toLlmuxError(error);
      }
    },
  };
}
