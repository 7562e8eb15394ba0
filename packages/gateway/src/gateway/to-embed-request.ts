import type { EmbedRequest } from '@llmux/core';
import type { EmbeddingServices, EmbeddingTarget } from '../stack/embedding-stack.js';
import { AUTO_MODEL } from './model-resolver.js';
import { badField, RequestFieldError } from './request-field-error.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What the gateway adds to a body: who asks, the request's id, cancellation and deadline. */
export interface EmbeddingsRequestContext {
  tenant: string;
  /** The caller's API key, when it has limits of its own. */
  keyId?: string;
  requestId: string;
  signal?: AbortSignal;
  deadlineAt?: number;
}

export interface EmbeddingsCall {
  request: EmbedRequest;
  target: EmbeddingTarget;
  /** How the vectors are sent back: JSON numbers, or base64 of little-endian float32. */
  encoding: 'float' | 'base64';
}

const fields = ['input', 'model', 'dimensions', 'encoding_format', 'user'];

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
  context: EmbeddingsRequestContext,
  services: EmbeddingServices,
): EmbeddingsCall {
  if (!isObject(body)) throw new RequestFieldError(null, 'The request body must be a JSON object');
  for (const key of Object.keys(body)) {
    if (!fields.includes(key)) {
      throw badField(key, `is not a field of an embeddings request (${fields.join(', ')})`);
    }
  }
  const { model, dimensions, user } = body;
  if (typeof model !== 'string' || model === '') {
    throw badField('model', 'must be a non-empty string ("auto" for the default group)');
  }
  const texts = inputs(body.input);
  if (
    dimensions !== undefined &&
    dimensions !== null &&
    !(typeof dimensions === 'number' && Number.isInteger(dimensions) && dimensions > 0)
  ) {
    throw badField('dimensions', 'must be a positive integer');
  }
  const encoding = body.encoding_format ?? 'float';
  if (encoding !== 'float' && encoding !== 'base64') {
    throw badField('encoding_format', 'must be "float" or "base64"');
  }
  if (user !== undefined && user !== null && typeof user !== 'string') {
    throw badField('user', 'must be a string');
  }
  const target = targetOf(model, services);
  const request: EmbedRequest = {
    inputs: texts,
    ...(typeof dimensions === 'number' && { dimensions }),
    signal: context.signal,
    ...(context.deadlineAt !== undefined && { deadlineAt: context.deadlineAt }),
    metadata: {
      tenant: context.tenant,
      ...(context.keyId !== undefined && { keyId: context.keyId }),
      requestId: context.requestId,
      ...(typeof user === 'string' && { user }),
    },
    ...(target.route && { route: target.route }),
  };
  return { request, target, encoding };
}
