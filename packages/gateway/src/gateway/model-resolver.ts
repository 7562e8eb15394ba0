import type { RoutePlan } from '@llmux/core';
import type { CandidateRef } from '../stack/router-config.js';
import { RequestFieldError } from './request-field-error.js';

export const AUTO_MODEL = 'auto';

/**
 * Reads the `model` field: `auto` leaves the choice to the router; a candidate, named
 * `provider/model` or by its model id alone, pins the request to it.
 */
export function createModelResolver(
  candidates: CandidateRef[],
): (model: string) => RoutePlan | undefined {
  const plans = new Map<string, RoutePlan>();
  for (const candidate of candidates) {
    const id = `${candidate.provider}/${candidate.model}`;
    const plan: RoutePlan = {
      reason: `pinned by the request: model "${id}"`,
      candidates: [{ ...candidate, reason: 'pinned' }],
    };
    plans.set(id, plan);
    // A bare model id pins the first candidate of that name (ids are unique across providers).
    if (!plans.has(candidate.model)) plans.set(candidate.model, plan);
  }
  const known = [AUTO_MODEL, ...candidates.map((c) => `${c.provider}/${c.model}`)].join(', ');
  return (model) => {
    if (model === AUTO_MODEL) return undefined;
    const plan = plans.get(model);
    if (plan) return plan;
    throw new RequestFieldError(
      'model',
      `The model "${model}" is not served here; use one of ${known}`,
      { code: 'model_not_found', status: 404 },
    );
  };
}
