import { canonicalJson } from './canonical-json.js';
import { isPlainObject } from './is-plain-object.js';
import { parseBare, sameCanonicalJson } from './same-canonical-json.js';

/** Slots of the table: a power of two. */
const SLOTS = 512;
/** Values with longer texts are written and hashed each time; the table holds 512 at most. */
const MAX_TEXT_CHARS = 4096;
/** How deep a value's slot looks into it: down to the parts of a request's messages. */
const SLOT_DEPTH = 6;
/** Items of an array looked at, the last ones: where requests that share a start differ. */
const SLOT_ITEMS = 4;

/**
 * A number from the strings, numbers and sizes in `value`, down to `depth`, whatever the order of
 * its keys; 0 for what JSON leaves out. Values written alike get the same number but for rare
 * ones (`[undefined]` and `[null]`, values with `toJSON`), which then only miss; values that
 * share one only cost a recompute.
 */
function fingerprint(value: unknown, depth: number): number {
  switch (typeof value) {
    case 'string': {
      const { length } = value;
      if (length === 0) return 1;
      const middle = value.charCodeAt(length >> 1);
      return Math.imul(length ^ (middle << 8) ^ (value.charCodeAt(length - 1) << 16), 0x9e3779b1);
    }
    case 'number':
      return Math.imul(value | 0, 0x85ebca6b) ^ 2;
    case 'boolean':
      return value ? 3 : 4;
    case 'object': {
      if (value === null || depth === 0) return 5;
      if (Array.isArray(value)) {
        let mix = value.length;
        for (let i = Math.max(0, value.length - SLOT_ITEMS); i < value.length; i++) {
          mix = Math.imul(mix ^ fingerprint(value[i], depth - 1), 0x27d4eb2d);
        }
        return mix;
      }
      // Not into what canonicalJson refuses (a typed array has a key per item).
      if (!isPlainObject(value)) return 6;
      // A sum: the same whatever the order of the keys. Fields JSON leaves out add nothing.
      // (`for in` makes no list; a key inherited from a polluted prototype is in every value.)
      let sum = 0;
      for (const key in value) {
        const mix = fingerprint((value as Record<string, unknown>)[key], depth - 1);
        if (mix !== 0) sum = (sum + (mix ^ Math.imul(key.length, 0x9e3779b1))) | 0;
      }
      return sum;
    }
    default:
      // undefined, functions, symbols (and bigints, which are refused).
      return 0;
  }
}

/**
 * `keyOf` of a value's canonical JSON (given what that text determines, as `more`), remembered
 * for recent values, one per slot: a request asked again, the common case of a hit, is keyed by
 * comparing it with the value it repeats, without writing its text or hashing it, and gets the
 * same key string, whose hash the stores' maps have already computed. Throws what
 * `canonicalJson` throws.
 */
export function rememberKeys<A>(
  keyOf: (text: string, more: A) => string,
): (value: unknown, more: A) => string {
  const texts = new Array<string | undefined>(SLOTS);
  // A slot's value as its text reads back (a copy nobody else can change), once the value is
  // asked again: reading a text back costs more than writing it, and most are never asked again.
  const values = new Array<unknown>(SLOTS);
  const keys = new Array<string | undefined>(SLOTS);
  return (value, more) => {
    const slot = (fingerprint(value, SLOT_DEPTH) >>> 16) & (SLOTS - 1);
    const known = keys[slot];
    const read = values[slot];
    if (read !== undefined && sameCanonicalJson(value, read)) return known!;
    const text = canonicalJson(value);
    if (known !== undefined && texts[slot] === text) {
      values[slot] = parseBare(text);
      return known;
    }
    const key = keyOf(text, more);
    if (text.length <= MAX_TEXT_CHARS) {
      texts[slot] = text;
      values[slot] = undefined;
      keys[slot] = key;
    }
    return key;
  };
}
