import { badField } from './request-field-error.js';

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Refuses, naming it, any field of `value` outside `known` (null counts as absent): a setting
 * the gateway would otherwise drop without a word is a 400 the client can act on.
 */
export function refuseUnknownFields(
  value: Record<string, unknown>,
  known: ReadonlySet<string>,
  at?: string,
): void {
  for (const [key, field] of Object.entries(value)) {
    if (field === null || field === undefined || known.has(key)) continue;
    throw badField(at === undefined ? key : `${at}.${key}`, 'is not supported by this gateway');
  }
}

/** A string field that must be one of `allowed` (null or absent: undefined). */
export function oneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  param: string,
): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value))
    return value as T;
  throw badField(param, `must be one of ${allowed.join(', ')}`);
}
