import type { EmbeddingServices } from '../stack/embedding-stack.js';
import type { CandidateRef } from '../stack/router-config.js';
import { AUTO_MODEL } from './model-resolver.js';
import { RequestFieldError } from './request-field-error.js';

interface ModelObject {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

/**
 * `GET /v1/models` and `GET /v1/models/{id}`: `auto` and every candidate, as `provider/model`,
 * then the embedding groups and their models.
 */
export function createModelsRoute(candidates: CandidateRef[], embeddings?: EmbeddingServices) {
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
  return {
    list: () => list,
    retrieve(id: string): ModelObject {
      const found = models.find((m) => m.id === id);
      if (found) return found;
      throw new RequestFieldError('model', `The model "${id}" does not exist`, {
        code: 'model_not_found',
        status: 404,
      });
    },
  };
}
