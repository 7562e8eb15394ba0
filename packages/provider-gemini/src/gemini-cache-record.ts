/**
 * What the shared store holds for one cacheable prefix: the live cache of it, a claim by the
 * process creating one, or the API's word that the prefix is too small to cache.
 */
export type CacheRecord =
  | { state: 'ready'; name: string; tokens: number; expiresAt: number }
  | { state: 'claimed'; owner: string }
  | { state: 'too-small' };

const states = new Set(['ready', 'claimed', 'too-small']);

/** A stored record, or undefined for none (or for anything the store holds that is not one). */
export function parseCacheRecord(stored: string | undefined): CacheRecord | undefined {
  if (stored === undefined) return undefined;
  try {
    const record: unknown = JSON.parse(stored);
    const state = (record as { state?: unknown } | null)?.state;
    return typeof state === 'string' && states.has(state) ? (record as CacheRecord) : undefined;
  } catch {
    return undefined;
  }
}
