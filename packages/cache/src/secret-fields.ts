import { isPlainObject } from './is-plain-object.js';

/**
 * Field names that hold credentials rather than anything that shapes the answer: API keys,
 * authorization and cookie headers, tokens, passwords. `max_tokens` and the like do not match.
 */
const secretName =
  /api[-_]?key|private[-_]?key|secret|passw(?:or)?d|authori[sz]ation|cookie|credential|token$|^bearer$/i;

/** Names tested, and whether each holds a credential: a request's field names recur. */
const tested = new Map<string, boolean>();
/** Names remembered at most, and their length at most; others are tested each time. */
const MAX_TESTED = 1024;
const MAX_TESTED_LENGTH = 64;

export const isSecretName = (name: string): boolean => {
  let secret = tested.get(name);
  if (secret === undefined) {
    secret = secretName.test(name);
    if (tested.size < MAX_TESTED && name.length <= MAX_TESTED_LENGTH) tested.set(name, secret);
  }
  return secret;
};

/** A deep copy of plain objects and arrays without the fields whose names hold credentials. */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([name]) => !isSecretName(name))
      .map(([name, field]) => [name, withoutSecrets(field)]),
  );
}

/** Credentials shorter than this are not looked for in stored values (too many false alarms). */
const MIN_SECRET_LENGTH = 8;

/**
 * The credential strings found under secret-named fields, split on whitespace so that
 * `Bearer sk-...` yields `sk-...`. Used to refuse storing a response that echoes one.
 */
export function secretValues(value: unknown, underSecret = false): string[] {
  if (typeof value === 'string') {
    return underSecret ? value.split(/\s+/).filter((part) => part.length >= MIN_SECRET_LENGTH) : [];
  }
  if (Array.isArray(value)) return value.flatMap((item) => secretValues(item, underSecret));
  if (!isPlainObject(value)) return [];
  return Object.entries(value).flatMap(([name, field]) =>
    secretValues(field, underSecret || isSecretName(name)),
  );
}
