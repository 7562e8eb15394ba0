import {
  type EmbeddingModel,
  type EmbedResponse,
  emit,
  invalidOption,
  type Observer,
  type RoutePlan,
} from '@llmux/core';
import type { CandidateId } from './rule-schema.js';

export interface EmbeddingRouterOptions {
  /**
   * The group's name: the router's `modelId`, what a request names to use the group, and the
   * provider-independent name an embedding cache above keys vectors under.
   */
  name: string;
  /** `provider/model` ids, in the order to try them; all of one size. */
  candidates: CandidateId[];
  /** What executes the plan: an embedding failover over (at least) these candidates. */
  model: EmbeddingModel;
  observer?: Observer;
}

/** `openai/text-embedding-3-small` → its provider and model; throws naming the bad entry. */
function parseCandidates(candidates: unknown): Array<{ provider: string; model: string }> {
  if (!Array.isArray(candidates) || candidates.length === 0) {
    throw invalidOption('candidates', 'a non-empty list of "provider/model"', candidates);
  }
  return candidates.map((id: unknown, index) => {
    const slash = typeof id === 'string' ? id.indexOf('/') : -1;
    if (typeof id !== 'string' || slash <= 0 || slash === id.length - 1) {
      throw invalidOption(`candidates[${index}]`, '"provider/model"', id);
    }
    return { provider: id.slice(0, slash), model: id.slice(slash + 1) };
  });
}

/**
 * Routes embedding requests of one group: the plan is the group's candidates in the configured
 * order (embedding models of a group are interchangeable, so no rule picks among them), run by
 * the failover below, which skips open circuits and moves on. A request that comes with its own
 * plan (a pinned model) keeps it. Either way a `route` event reports the plan.
 */
export function createEmbeddingRouter(options: EmbeddingRouterOptions): EmbeddingModel {
  const { name, model, observer } = options;
  if (typeof name !== 'string' || name.trim() === '') {
    throw invalidOption('name', 'a non-empty string', name);
  }
  if (typeof model?.embed !== 'function') {
    throw invalidOption('model', 'an EmbeddingModel', model);
  }
  const plan: RoutePlan = {
    reason: `embedding group "${name}": candidates in configured order`,
    candidates: parseCandidates(options.candidates).map((candidate, index) => ({
      ...candidate,
      reason: `group "${name}" #${index + 1}`,
    })),
  };
  return {
    provider: 'router',
    modelId: name,
    dimensions: model.dimensions,
    embed(request): Promise<EmbedResponse> {
      const route = request?.route ?? plan;
      emit(observer, {
        type: 'route',
        requestId: request?.metadata?.requestId,
        reason: route.reason,
        plan: route.candidates,
      });
      return model.embed({ ...request, route });
    },
  };
}
