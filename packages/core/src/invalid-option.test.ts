import { describe, expect, it } from 'vitest';
import { invalidOption } from './invalid-option.js';

describe('invalidOption', () => {
  it('names the field, what was expected and what came, as an invalid_request', () => {
    const error = invalidOption('retry.maxAttempts', 'an integer >= 1', 0);
    expect(error).toMatchObject({ kind: 'invalid_request', retryable: false });
    expect(error.message).toBe(
      'Invalid option "retry.maxAttempts": expected an integer >= 1, got 0',
    );
    expect(
      invalidOption('mode', '"wait" or "fail-fast"', 'soon', 'rate limit option').message,
    ).toBe('Invalid rate limit option "mode": expected "wait" or "fail-fast", got "soon"');
  });

  it('shows objects, arrays and functions by their kind, never their content', () => {
    const shown = (got: unknown) => invalidOption('x', 'y', got).message.split('got ')[1];
    expect([{ apiKey: 'sk-secret' }, ['a'], () => 1, null, undefined, true].map(shown)).toEqual([
      'object',
      'an array',
      'function',
      'null',
      'undefined',
      'true',
    ]);
  });
});
