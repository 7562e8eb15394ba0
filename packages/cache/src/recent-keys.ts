/** Canonical texts remembered, in all, at most: 2 MiB (UTF-16). */
const MAX_CHARS = 2 ** 20;
/** Longer texts are hashed each time: one of them would push out many short ones. */
const MAX_TEXT_CHARS = MAX_CHARS / 64;

/**
 * `keyOf` (given what `text` determines, as `more`) remembered for the most recent texts (within a bound, the oldest forgotten first): a
 * request asked again, the common case of a hit, is keyed by one map lookup instead of a sha-256,
 * and gets the same key string, whose hash the stores' maps have already computed.
 */
export function rememberKeys<A>(
  keyOf: (text: string, more: A) => string,
): (text: string, more: A) => string {
  const known = new Map<string, string>();
  let chars = 0;
  return (text, more) => {
    let key = known.get(text);
    if (key !== undefined) return key;
    key = keyOf(text, more);
    if (text.length <= MAX_TEXT_CHARS) {
      known.set(text, key);
      chars += text.length;
      for (const [oldest] of known) {
        if (chars <= MAX_CHARS) break;
        known.delete(oldest);
        chars -= oldest.length;
      }
    }
    return key;
  };
}
