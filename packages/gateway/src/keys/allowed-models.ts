import type { RoutePlan } from '@llmux/core';
import type { Caller } from '../gateway/auth.js';
import { RequestFieldError } from '../gateway/request-field-error.js';

/**
 * Whether a caller may use a model: any, unless its key lists the models it may use. A model
 * listed by any name it answers to counts: as requested (`auto`, a group), or for a pinned
 * candidate `provider/model` and its bare id.
 */
export function mayUse(caller: Caller, requested: string, plan?: RoutePlan): boolean {
  const allowed = caller.allowedModels;
  if (!allowed || allowed.includes(requested)) return true;
  const pinned = plan?.candidates.length === 1 ? plan.candidates[0] : undefined;
  return (
    pinned !== undefined &&
    (allowed.includes(`${pinned.provider}/${pinned.model}`) || allowed.includes(pinned.model))
  );
}

/** `resolveModel` for one caller: a model its key may not use is a 403 naming it. */
export function resolveModelFor(
  caller: Caller,
  resolveModel: (model: string) => RoutePlan | undefined,
): (model: string) => RoutePlan | undefined {
  if (!caller.allowedModels) return resolveModel;
  return (model) => {
    const plan = resolveModel(model);
    if (mayUse(caller, model, plan)) return plan;
    throw notAllowed(caller, model);
  };
}

/** A body's `model` (an embedding group or model) its caller's key may not use: a 403 naming it. */
export function checkAllowedModel(caller: Caller, body: unknown): void {
  const model = typeof body === 'object' && body !== null ? Reflect.get(body, 'model') : undefined;
  if (typeof model === 'string' && !mayUse(caller, model)) throw notAllowed(caller, model);
}

const notAllowed = (caller: Caller, model: string) =>
  new RequestFieldError(
    'model',
    `This API key may not use the model "${model}"; it may use ${caller.allowedModels!.join(', ')}`,
    { code: 'model_not_allowed', status: 403 },
  );
