import type { EmbedRequest } from '@llmux/core';
import type { EmbeddingServices, EmbeddingTarget } from '../stack/embedding-stack.js';
import { objectBody, refuseUnknownKeys, textField } from './body-fields.js';
import { AUTO_MODEL } from './model-resolver.js';
import { badField, RequestFieldError } from './request-field-error.js';
import { type CallerContext, requestScope } from './request-scope.js';

export interface EmbeddingsCall {
  request: EmbedRequest;
  target: EmbeddingTarget;
  /** How the vectors are sent back: JSON numbers, or base64 of little-endian float32. */
  encoding: 'float' | 'base64';
}

const fields = ['input', 'model', 'dimensions', 'encoding_format', 'user'];
const unknownField = `is not a field of an embeddings request (${fields.join(', ')})`;

const isTokenArray = (value: unknown) =>
  typeof value === 'number' || (Array.isArray(value) && value.every((v) => typeof v === 'number'));

/** `input`: one text or a list of texts; token arrays are refused, the gateway embeds text. */
function inputs(value: unknown): string[] {
  if (value === undefined || value === null) throw badField('input', 'is required');
  if (typeof value === 'string') {
    if (value === '') throw badField('input', 'must not be an empty string');
    return [value];
  }
  if (!Array.isArray(value)) throw badField('input', 'must be a string or an array of strings');
  if (value.length === 0) throw badField('input', 'must hold at least one text');
  if (isTokenArray(value) || value.some(isTokenArray)) {
    throw badField('input', 'token arrays are not supported here: send the text');
  }
  return value.map((text, index) => {
    if (typeof text !== 'string' || text === '') {
      throw badField(`input[${index}]`, 'must be a non-empty string');
    }
    return text;
  });
}

/** The group or pinned model a `model` field names; `auto` is the default group. */
function targetOf(model: string, services: EmbeddingServices): EmbeddingTarget {
  const target = services.targets.get(model === AUTO_MODEL ? services.defaultGroup : model);
  if (target) return target;
  const known = [AUTO_MODEL, ...services.targets.keys()].join(', ');
  throw new RequestFieldError(
    'model',
    `The embedding model "${model}" is not served here; use one of ${known}`,
    { code: 'model_not_found', status: 404 },
  );
}

/**
 * An OpenAI embeddings body (`input`, `model`, `dimensions`, `encoding_format`, `user`) as a core
 * request and the group or model to send it to. Refuses, naming the field, anything else.
 */
export function toEmbedRequest(
  body: unknown,
  context: CallerContext,
  services: EmbeddingServices,
): EmbeddingsCall {
  const json = objectBody(body);
  refuseUnknownKeys(json, '', fields, { problem: unknownField });
  const { model, dimensions } = json;
  if (typeof model !== 'string' || model === '') {
    throw badField('model', 'must be a non-empty string ("auto" for the default group)');
  }
  const texts = inputs(json.input);
  if (
    dimensions !== undefined &&
    dimensions !== null &&
    !(typeof dimensions === 'number' && Number.isInteger(dimensions) && dimensions > 0)
  ) {
    throw badField('dimensions', 'must be a positive integer');
  }
  const encoding = json.encoding_format ?? 'float';
  if (encoding !== 'float' && encoding !== 'base64') {
    throw badField('encoding_format', 'must be "float" or "base64"');
  }
  const user = textField(json.user, 'user');
  const target = targetOf(model, services);
  const request: EmbedRequest = {
    inputs: texts,
    ...(typeof dimensions === 'number' && { dimensions }),
    ...requestScope(context, { user }, target.route),
  };
  return { request, target, encoding };
}
