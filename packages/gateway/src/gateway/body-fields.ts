import { badField, RequestFieldError } from './request-field-error.js';

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** OpenAI reads a field set to `null` as a field left out. */
export const absent = (value: unknown): value is undefined | null =>
  value === undefined || value === null;

/** A request body, which must be a JSON object. */
export function objectBody(body: unknown): Json {
  if (!isObject(body)) throw new RequestFieldError(null, 'The request body must be a JSON object');
  return body;
}

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

/** An OpenAI function or schema name: 1 to 64 letters, digits, `_` or `-`. */
export function nameField(value: unknown, param: string): string {
  if (typeof value !== 'string' || !/^[\w-]{1,64}$/.test(value)) {
    throw badField(param, 'must be 1 to 64 letters, digits, _ or -');
  }
  return value;
}

/** A string, possibly empty. */
export function textField(value: unknown, param: string): string | undefined {
  if (absent(value)) return undefined;
  if (typeof value !== 'string') throw badField(param, 'must be a string');
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

export interface UnknownKeys {
  /** Why the keys known to be unsupported are refused; set to `null`, they are left out. */
  refused?: Readonly<Record<string, string>>;
  /** What the error says of any other key. */
  problem?: string;
  /** Any key set to `null` is left out, as the Responses API reads it. */
  nullIsAbsent?: boolean;
}

/** The Messages API routes' wording. */
export const anthropicKeys: UnknownKeys = { problem: 'is not supported' };
/** The Responses API routes' wording. */
export const responsesKeys: UnknownKeys = {
  problem: 'is not supported by this gateway',
  nullIsAbsent: true,
};

/**
 * Refuses every key of `object` (at `at`, '' for the body) that is not `known`, naming it: a typo
 * or a field llmux cannot honour is an error rather than ignored.
 */
export function refuseUnknownKeys(
  object: Json,
  at: string,
  known: ReadonlySet<string> | readonly string[],
  options: UnknownKeys = {},
): void {
  const { refused = {}, problem = 'is not a field llmux knows here', nullIsAbsent } = options;
  const names: ReadonlySet<string> = 'has' in known ? known : new Set(known);
  for (const [key, value] of Object.entries(object)) {
    if (names.has(key) || (nullIsAbsent && absent(value))) continue;
    const param = at === '' ? key : `${at}.${key}`;
    const reason = Object.hasOwn(refused, key) ? refused[key] : undefined;
    if (reason === undefined) throw badField(param, problem);
    if (value !== null) throw badField(param, reason);
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
  refuseUnknownKeys(given, param, Object.keys(checks));
  for (const [key, check] of Object.entries(checks)) check(given[key], `${param}.${key}`);
  return given;
}

/**
 * The objects of a `messages` array, each with its path, in order: the array must hold at least
 * one, and each must be an object.
 */
export function* eachMessage(value: unknown): Generator<[message: Json, at: string]> {
  if (!Array.isArray(value) || value.length === 0) {
    throw badField('messages', 'must be a non-empty array of messages');
  }
  for (const [index, message] of value.entries()) {
    const at = `messages[${index}]`;
    if (!isObject(message)) throw badField(at, 'must be an object');
    yield [message, at];
  }
}
