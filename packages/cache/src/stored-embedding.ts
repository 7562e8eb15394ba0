import { isFiniteNumber, readStoredEntry } from './stored-entry.js';

/** One text's vector as the embedding cache keeps it, with who made it and what it cost. */
export interface StoredEmbedding {
  provider: string;
  model: string;
  vector: number[];
  /** This text's share of the call's cost: what a hit on it saves. */
  costUsd: number;
}

/** Bumped when the stored shape changes; values of another version read as a miss. */
const STORED_VERSION = 1;

export const encodeStoredEmbedding = (entry: StoredEmbedding): string =>
  JSON.stringify({ v: STORED_VERSION, ...entry });

/**
 * Reads a stored vector back; `undefined` when it is not JSON, of another version, not the shape
 * of an entry or not of `dimensions` values, so a corrupt entry is a miss rather than a wrong
 * vector.
 */
export function decodeStoredEmbedding(
  text: unknown,
  dimensions: number,
): StoredEmbedding | undefined {
  const stored = readStoredEntry(text, STORED_VERSION);
  if (!stored) return undefined;
  const { provider, model, vector, costUsd } = stored;
  const valid =
    typeof provider === 'string' &&
    typeof model === 'string' &&
    isFiniteNumber(costUsd) &&
    Array.isArray(vector) &&
    vector.length === dimensions &&
    vector.every(isFiniteNumber);
  return valid ? { provider, model, vector, costUsd } : undefined;
}
