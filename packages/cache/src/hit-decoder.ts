import { type CachedResponse, decodeStoredResponse } from './stored-response.js';

/** Text of remembered entries, in all, at most: 4 MiB (UTF-16). */
const MAX_CHARS = 2 ** 21;
/** Longer texts are decoded each time: one of them would push out many short answers. */
const MAX_ENTRY_CHARS = MAX_CHARS / 64;

/** A copy of JSON data (as JSON.parse makes it), shared with nothing else. */
const copyData = (value: unknown): unknown => {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyData);
  // A spread copies in one step, and keeps a `__proto__` field a field; then the objects in it.
  const copy: Record<string, unknown> = { ...value };
  for (const key in copy) {
    const field = copy[key];
    if (typeof field === 'object' && field !== null) copy[key] = copyData(field);
  }
  return copy;
};

/**
 * Reads stored responses as `decodeStoredResponse` does, remembering the last good one of each
 * key (the most recent, within a bound): a hit on the same text again is a copy of what was
 * decoded, without parsing and checking it anew. Each read returns its own copy, so callers
 * never share a response.
 */
export function createHitDecoder() {
  const known = new Map<string, { text: string; response: CachedResponse }>();
  let chars = 0;
  const forget = (key: string) => {
    const entry = known.get(key);
    if (!entry) return;
    known.delete(key);
    chars -= entry.text.length;
  };

  return (key: string, text: unknown): CachedResponse | undefined => {
    const entry = known.get(key);
    if (entry !== undefined && entry.text === text) {
      return copyData(entry.response) as CachedResponse;
    }
    forget(key);
    const response = decodeStoredResponse(text);
    if (!response) return undefined;
    const stored = text as string;
    if (stored.length <= MAX_ENTRY_CHARS) {
      known.set(key, { text: stored, response });
      chars += stored.length;
      // The oldest remembered go first.
      while (chars > MAX_CHARS) forget(known.keys().next().value!);
    }
    return copyData(response) as CachedResponse;
  };
}
