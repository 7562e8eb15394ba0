import { mayUse } from '../keys/allowed-models.js';
import type { EmbeddingServices } from '../stack/embedding-stack.js';
import type { CandidateRef } from '../stack/router-config.js';
import type { Caller } from './auth.js';
import { AUTO_MODEL, createModelResolver } from './model-resolver.js';
import { RequestFieldError } from './request-field-error.js';

interface ModelObject {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

/**
 * `GET /v1/models` and `GET /v1/models/{id}`: `auto` and every candidate, as `provider/model`,
 * then the embedding groups and their models; for a key limited to some models, those only.
 */
export function createModelsRoute(candidates: CandidateRef[], embeddings?: EmbeddingServices) {
  const resolveModel = createModelResolver(candidates);
  const models: ModelObject[] = [
    { id: AUTO_MODEL, object: 'model', created: 0, owned_by: 'llmux' },
    ...candidates.map((c) => ({
      id: `${c.provider}/${c.model}`,
      object: 'model' as const,
      created: 0,
      owned_by: c.provider,
    })),
    ...[...(embeddings?.targets ?? [])].map(([id, target]) => ({
      id,
      object: 'model' as const,
      created: 0,
      owned_by: target.ownedBy,
    })),
  ];
  const list = { object: 'list', data: models };
  const usable = (caller: Caller) => (model: ModelObject) =>
    mayUse(
      caller,
      model.id,
      model.id === AUTO_MODEL || embeddings?.targets.has(model.id)
        ? undefined
        : resolveModel(model.id),
    );
  return {
    list: (caller: Caller) =>
      caller.allowedModels ? { ...list, data: models.filter(usable(caller)) } : list,
    retrieve(id: string, caller: Caller): ModelObject {
      const found = models.find((m) => m.id === id);
      if (found && usable(caller)(found)) return found;
      throw new RequestFieldError('model', `The model "${id}" does not exist`, {
        code: 'model_not_found',
        status: 404,
      });
    },
  };
}
