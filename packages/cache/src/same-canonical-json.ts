import { isPlainObject } from './is-plain-object.js';

/** What JSON writes nothing for: left out of an object, null in an array. */
const isNothing = (value: unknown): boolean =>
  value === undefined || typeof value === 'function' || typeof value === 'symbol';

/** Whether `value`, with `toJSON` applied, is something JSON writes nothing for. */
const writesNothing = (value: unknown): boolean => {
  if (isNothing(value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  const { toJSON } = value as { toJSON?: unknown };
  return typeof toJSON === 'function' && writesNothing(toJSON.call(value));
};

/** A plain object as JSON.parse made it, without its prototype. */
const bare = (_key: string, value: unknown): unknown =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? Object.setPrototypeOf(value, null)
    : value;

/**
 * JSON text read as `sameCanonicalJson` compares with it: as `JSON.parse` reads it, but with
 * objects that inherit nothing, so that a key they lack reads as missing (whatever a prototype
 * holds, even `__proto__`).
 */
export const parseBare = (text: string): unknown => JSON.parse(text, bare);

/**
 * Whether `canonicalJson(value)` would write the text that `parseBare` read `parsed` from,
 * without writing it: the same values, whatever the order of `value`'s keys, with `toJSON`
 * applied and what JSON writes nothing for left out (or null in arrays). False, not a refusal,
 * for what `canonicalJson` refuses: `parsed` holds no non-finite number, bigint, class instance
 * or cycle, so none of those ever matches.
 */
export function sameCanonicalJson(value: unknown, parsed: unknown): boolean {
  if (typeof value !== 'object' || value === null) {
    // -0 is written as 0, and equals it.
    return value === parsed || (parsed === null && isNothing(value));
  }
  const { toJSON } = value as { toJSON?: unknown };
  if (typeof toJSON === 'function') return sameCanonicalJson(toJSON.call(value), parsed);
  if (typeof parsed !== 'object' || parsed === null) return false;
  if (Array.isArray(value)) {
    if (!Array.isArray(parsed) || value.length !== parsed.length) return false;
    for (let i = 0; i < value.length; i++) {
      if (!sameCanonicalJson(value[i], parsed[i])) return false;
    }
    return true;
  }
  if (Array.isArray(parsed) || !isPlainObject(value)) return false;
  const expected = parsed as Record<string, unknown>;
  // Each field written must be one of `parsed`'s, and as many: then they are the same fields.
  let unmatched = 0;
  for (const key of Object.keys(value)) {
    const field = value[key];
    const wanted = expected[key];
    if (wanted === undefined) {
      if (writesNothing(field)) continue;
      return false;
    }
    // What writes nothing matches null in an array, but is left out of an object.
    if ((wanted === null && writesNothing(field)) || !sameCanonicalJson(field, wanted)) {
      return false;
    }
    unmatched--;
  }
  // Its own keys only: it inherits none. Counted without making a list.
  for (const _ in expected) unmatched++;
  return unmatched === 0;
}
