import { LlmuxError } from './errors.js';

/** A value as an error shows it: strings and numbers as they are, anything else by its kind. */
const describeValue = (value: unknown): string => {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) {
    return String(value);
  }
  return Array.isArray(value) ? 'an array' : typeof value;
};

/**
 * The error for a bad option, as every layer reports one: an `invalid_request` naming the field,
 * what was expected and what came, e.g. `Invalid option "retry.maxAttempts": expected an integer
 * >= 1, got 0`. `what` names the kind of option (`rate limit option`).
 */
export const invalidOption = (
  field: string,
  expected: string,
  got: unknown,
  what = 'option',
): LlmuxError =>
  new LlmuxError({
    kind: 'invalid_request',
    message: `Invalid ${what} "${field}": expected ${expected}, got ${describeValue(got)}`,
  });
