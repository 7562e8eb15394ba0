import { isObject } from './body-fields.js';
import { badField } from './request-field-error.js';

/** OpenAI's limits on metadata: 16 pairs, keys up to 64 characters and values up to 512. */
export function metadataOf(value: unknown): Record<string, string> | null {
  if (value === undefined || value === null) return null;
  const entries = isObject(value) ? Object.entries(value) : undefined;
  if (
    !entries ||
    entries.length > 16 ||
    !entries.every(
      ([key, text]) => key.length <= 64 && typeof text === 'string' && text.length <= 512,
    )
  ) {
    throw badField(
      'metadata',
      'must be at most 16 string values, keys up to 64 characters and values up to 512',
    );
  }
  return Object.fromEntries(entries) as Record<string, string>;
}
