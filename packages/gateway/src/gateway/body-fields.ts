import { badField } from './request-field-error.js';

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** OpenAI reads a field set to `null` as a field left out. */
export const absent = (value: unknown): value is undefined | null =>
  value === undefined || value === null;

export function numberField(
  value: unknown,
  param: string,
  min: number,
  max: number,
  integer = false,
): number | undefined {
  if (absent(value)) return undefined;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    throw badField(param, `must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
  }
  return value;
}

export function booleanField(value: unknown, param: string): boolean | undefined {
  if (absent(value)) return undefined;
  if (typeof value !== 'boolean') throw badField(param, 'must be true or false');
  return value;
}

export function stringField(value: unknown, param: string): string | undefined {
  if (absent(value)) return undefined;
  if (typeof value !== 'string' || value === '')
    throw badField(param, 'must be a non-empty string');
  return value;
}

export function oneOfField<T extends string>(
  value: unknown,
  param: string,
  allowed: readonly T[],
): T | undefined {
  if (absent(value)) return undefined;
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw badField(param, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export function objectField(value: unknown, param: string): Json | undefined {
  if (absent(value)) return undefined;
  if (!isObject(value)) throw badField(param, 'must be an object');
  return value;
}

/**
 * Refuses every key of `object` (at `at`, '' for the body) that is not `known`, naming it: a typo
 * or a field llmux cannot honour is an error rather than ignored. `refused` says why for the keys
 * known to be unsupported; a key set to `null` is left out, as OpenAI reads it.
 */
export function refuseUnknownKeys(
  object: Json,
  at: string,
  known: ReadonlySet<string>,
  refused: Readonly<Record<string, string>> = {},
): void {
  for (const [key, value] of Object.entries(object)) {
    if (known.has(key)) continue;
    const param = at === '' ? key : `${at}.${key}`;
    const reason = Object.hasOwn(refused, key) ? refused[key] : undefined;
    if (reason !== undefined) {
      if (value === null) continue;
      throw badField(param, reason);
    }
    throw badField(param, 'is not a field llmux knows here');
  }
}

/** What a key of a checked object must be: a field reader that throws naming `param`. */
export type FieldCheck = (value: unknown, param: string) => unknown;

/** An object of known keys only, each passing its check; undefined when absent. */
export function checkedObject(
  value: unknown,
  param: string,
  checks: Readonly<Record<string, FieldCheck>>,
): Json | undefined {
  const given = objectField(value, param);
  if (!given) return undefined;
  refuseUnknownKeys(given, param, new Set(Object.keys(checks)));
  for (const [key, check] of Object.entries(checks)) check(given[key], `${param}.${key}`);
  return given;
}
