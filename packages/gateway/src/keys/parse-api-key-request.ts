import { isObject, type Json, objectBody, refuseUnknownKeys } from '../gateway/body-fields.js';
import { metadataOf } from '../gateway/openai-metadata.js';
import { badField } from '../gateway/request-field-error.js';
import type { ApiKeyLimits } from './api-key-record.js';
import type { ApiKeyInput } from './api-keys.js';

/** A field the endpoint does not know is refused, never dropped: a typo must not go unseen. */
const onlyFields = (body: Json, known: readonly string[], at = ''): void =>
  refuseUnknownKeys(body, at, known, {
    problem: `is not a known field (known: ${known.join(', ')})`,
  });

function text(body: Json, field: string, maxLength: number): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || value.length > maxLength) {
    throw badField(field, `must be a non-empty string of at most ${maxLength} characters`);
  }
  return value;
}

const limitFields = ['requestsPerMinute', 'tokensPerMinute', 'concurrentRequests'] as const;

function limits(value: unknown): ApiKeyLimits | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) throw badField('limits', `must be an object of ${limitFields.join(', ')}`);
  onlyFields(value, limitFields, 'limits');
  for (const field of limitFields) {
    const limit = value[field];
    if (limit !== undefined && !(Number.isInteger(limit) && (limit as number) > 0)) {
      throw badField(`limits.${field}`, 'must be a positive integer');
    }
  }
  return Object.keys(value).length > 0 ? (value as ApiKeyLimits) : undefined;
}

function allowedModels(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !value.every((model) => typeof model === 'string' && model !== '')
  ) {
    throw badField(
      'allowedModels',
      'must be a non-empty array of model names (`provider/model`, a model id, `auto`, a group)',
    );
  }
  return [...new Set(value as string[])];
}

/** `POST /admin/keys`: the key to make. `now` is when it is made: an expiry must be after it. */
export function parseCreateKey(body: unknown, now: number): ApiKeyInput {
  const fields = objectBody(body);
  onlyFields(fields, [
    'tenant',
    'name',
    'budgetUsd',
    'limits',
    'allowedModels',
    'expiresAt',
    'metadata',
  ]);
  const tenant = text(fields, 'tenant', 128);
  if (tenant === undefined) throw badField('tenant', 'is required: the tenant the key bills to');
  const { budgetUsd, expiresAt } = fields;
  if (
    budgetUsd !== undefined &&
    !(typeof budgetUsd === 'number' && Number.isFinite(budgetUsd) && budgetUsd >= 0)
  ) {
    throw badField('budgetUsd', 'must be a number of USD per month, 0 or more');
  }
  let expiry: number | undefined;
  if (expiresAt !== undefined) {
    expiry = typeof expiresAt === 'string' ? Date.parse(expiresAt) : Number.NaN;
    if (Number.isNaN(expiry)) {
      throw badField('expiresAt', 'must be an ISO 8601 date and time (2026-12-31T23:59:59Z)');
    }
    if (expiry <= now) throw badField('expiresAt', 'must be in the future');
  }
  const input: ApiKeyInput = {
    tenant,
    name: text(fields, 'name', 256),
    budgetUsd: budgetUsd as number | undefined,
    limits: limits(fields.limits),
    allowedModels: allowedModels(fields.allowedModels),
    expiresAt: expiry,
    metadata: metadataOf(fields.metadata) ?? undefined,
  };
  // Absent fields stay absent from the stored record.
  return Object.fromEntries(
    Object.entries(input).filter(([, value]) => value !== undefined),
  ) as unknown as ApiKeyInput;
}

/** The longest grace an old secret may get: a rotation is not a way to keep two keys. */
const MAX_GRACE_SECONDS = 30 * 86_400;

/** `POST /admin/keys/{id}/rotate`: how long the old secret stays valid, in ms (0 by default). */
export function parseRotateKey(body: unknown): number {
  const fields = objectBody(body);
  onlyFields(fields, ['gracePeriodSeconds']);
  const grace = fields.gracePeriodSeconds ?? 0;
  if (
    typeof grace !== 'number' ||
    !Number.isFinite(grace) ||
    grace < 0 ||
    grace > MAX_GRACE_SECONDS
  ) {
    throw badField(
      'gracePeriodSeconds',
      `must be a number of seconds from 0 to ${MAX_GRACE_SECONDS}`,
    );
  }
  return grace * 1000;
}
