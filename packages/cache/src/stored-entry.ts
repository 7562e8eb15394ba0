import { isPlainObject } from './is-plain-object.js';

export const isFiniteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/**
 * The fields of a stored entry written as `{ v: version, ... }`; `undefined` when it is not JSON,
 * not an object or of another version (an entry of an older shape reads as a miss).
 */
export function readStoredEntry(
  text: unknown,
  version: number,
): Record<string, unknown> | undefined {
  if (typeof text !== 'string') return undefined;
  let stored: unknown;
  try {
    stored = JSON.parse(text);
  } catch {
    return undefined;
  }
  return isPlainObject(stored) && stored.v === version ? stored : undefined;
}
