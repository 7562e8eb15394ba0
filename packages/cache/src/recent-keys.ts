/** Slots of the table: a power of two. */
const SLOTS = 512;
/** Longer texts are hashed each time; with this bound the table holds 4 MiB (UTF-16) at most. */
const MAX_TEXT_CHARS = 4096;
/** Characters sampled, evenly spaced, to choose a text's slot. */
const SAMPLES = 8;

/**
 * A text's slot: from its length and a few of its characters. Far cheaper than a `Map` lookup,
 * which hashes every character of a new string; texts that share a slot only cost a recompute.
 */
const slotOf = (text: string): number => {
  const { length } = text;
  let mix = length;
  for (let i = 1; i <= SAMPLES; i++) {
    mix = Math.imul(mix ^ text.charCodeAt(Math.floor((length * i) / (SAMPLES + 1))), 0x9e3779b1);
  }
  return (mix >>> 16) & (SLOTS - 1);
};

/**
 * `keyOf` (given what `text` determines, as `more`) remembered for recent texts, one per slot:
 * a request asked again, the common case of a hit, is keyed by one string comparison instead of
 * a sha-256, and gets the same key string, whose hash the stores' maps have already computed.
 */
export function rememberKeys<A>(
  keyOf: (text: string, more: A) => string,
): (text: string, more: A) => string {
  const texts = new Array<string | undefined>(SLOTS);
  const keys = new Array<string>(SLOTS);
  return (text, more) => {
    const slot = slotOf(text);
    if (texts[slot] === text) return keys[slot]!;
    const key = keyOf(text, more);
    if (text.length <= MAX_TEXT_CHARS) {
      texts[slot] = text;
      keys[slot] = key;
    }
    return key;
  };
}
