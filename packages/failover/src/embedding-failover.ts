import {
  type EmbeddingModel,
  type EmbedResponse,
  healthKey,
  invalidOption,
  LlmuxError,
} from '@llmux/core';
import { createPlanRunner, type PlanRunnerOptions, validateModels } from './plan-runner.js';

export interface EmbeddingFailoverOptions extends Omit<PlanRunnerOptions, 'hedge'> {
  /**
   * The embedding models to fail over between, in the order tried when a request has no route
   * plan; all of one size (`dimensions`).
   */
  models: EmbeddingModel[];
}

const isEmbeddingModel = (m: Partial<EmbeddingModel> | null) =>
  typeof m?.embed === 'function' && Number.isInteger(m.dimensions) && (m.dimensions ?? 0) > 0;

/**
 * Vectors of one model cannot stand in for those of a model of another size in a vector index
 * (nor, strictly, of another model): failover between sizes is refused when it is configured.
 */
function commonDimensions(models: EmbeddingModel[]): number {
  const sizes = new Set(models.map((m) => m.dimensions));
  if (sizes.size === 1) return models[0]!.dimensions;
  const listed = models
    .map((m) => `${healthKey(m.provider, m.modelId)} ${m.dimensions}`)
    .join(', ');
  throw new LlmuxError({
    kind: 'invalid_request',
    message: `Invalid option "models": embedding models of different sizes cannot fail over to each other, their vectors could not share an index (${listed}); give them one size with the providers' "dimensions" setting`,
  });
}

/**
 * An `EmbeddingModel` over embedding models of one size that executes a plan, as `createFailover`
 * does for language models and with the same pieces: retries with backoff, retry-after, circuit
 * breakers, capacity pauses, timeouts (`attemptMs` per call, `totalMs`) and the request's one
 * deadline, one `LlmuxError` listing every attempt. No hedging: an embedding call is cheap to
 * retry and costly to make twice.
 */
export function createEmbeddingFailover(options: EmbeddingFailoverOptions): EmbeddingModel {
  if (typeof options !== 'object' || options === null) {
    throw invalidOption('options', 'an options object', options);
  }
  if ((options as { hedge?: unknown }).hedge !== undefined) {
    throw invalidOption('hedge', 'nothing: embedding failover does not hedge', 'an object');
  }
  const models = validateModels<EmbeddingModel>(
    options.models,
    isEmbeddingModel,
    'EmbeddingModel (with embed and positive integer dimensions)',
  );
  const dimensions = commonDimensions(models);
  const { byKey, runToAnswer } = createPlanRunner(models, options);
  return {
    provider: 'failover',
    modelId: [...byKey.keys()].join(','),
    dimensions,
    embed: (request): Promise<EmbedResponse> =>
      runToAnswer(request, (target, inner, signal, admission) =>
        target.embed({ ...inner, signal, admission }),
      ),
  };
}
