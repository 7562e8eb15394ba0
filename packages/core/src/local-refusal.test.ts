import { describe, expect, it } from 'vitest';
import { LlmuxError } from './errors.js';
import { isLocalRefusal, markLocalRefusal } from './local-refusal.js';

describe('local refusals', () => {
  it('mark an error as raised before any provider call, keeping the error as it is', () => {
    const error = new LlmuxError({ kind: 'rate_limited', message: 'limit', retryAfterMs: 5 });
    expect(isLocalRefusal(error)).toBe(false);
    expect(markLocalRefusal(markLocalRefusal(error))).toBe(error);
    expect(isLocalRefusal(error)).toBe(true);
    expect(error.toJSON()).toMatchObject({ kind: 'rate_limited', retryAfterMs: 5 });
    expect(Object.keys(error)).not.toContain('llmux.local-refusal');
  });

  it('leave every other error, and anything that is not an LlmuxError, unmarked', () => {
    expect(isLocalRefusal(new LlmuxError({ kind: 'rate_limited', message: '429' }))).toBe(false);
    expect(isLocalRefusal(new Error('x'))).toBe(false);
    expect(isLocalRefusal(undefined)).toBe(false);
  });
});
