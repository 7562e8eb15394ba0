import { describe, expect, it } from 'vitest';
import {
  cancelledError,
  type ErrorKind,
  errorKinds,
  isTransientKind,
  LlmuxError,
  toLlmuxError,
} from './errors.js';

const transient: ErrorKind[] = ['rate_limited', 'overloaded', 'server_error', 'timeout', 'network'];

describe('LlmuxError', () => {
  it.each(errorKinds)('defaults retryable for %s to whether the kind is transient', (kind) => {
    const error = new LlmuxError({ kind, message: 'x' });
    expect(error.retryable).toBe(transient.includes(kind));
    expect(isTransientKind(kind)).toBe(transient.includes(kind));
  });

  it('keeps an explicit retryable and every structured field', () => {
    const cause = new Error('socket hang up');
    const error = new LlmuxError({
      kind: 'invalid_request',
      message: 'bad',
      retryable: true,
      retryAfterMs: 1500,
      status: 400,
      provider: 'openai',
      model: 'gpt-5',
      cause,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'LlmuxError',
      kind: 'invalid_request',
      retryable: true,
      retryAfterMs: 1500,
      status: 400,
      provider: 'openai',
      model: 'gpt-5',
    });
    expect(error.cause).toBe(cause);
  });

  it('is recognised across package copies by its registered symbol, not by instanceof', () => {
    // Another copy of @llmux/core has its own class but the same Symbol.for key.
    const fromOtherCopy = Object.assign(new Error('x'), { [Symbol.for('llmux.error')]: true });
    expect(fromOtherCopy instanceof LlmuxError).toBe(false);
    expect(LlmuxError.isInstance(fromOtherCopy)).toBe(true);
    expect(LlmuxError.isInstance(new LlmuxError({ kind: 'timeout', message: 't' }))).toBe(true);
    for (const other of [new Error('x'), { kind: 'timeout' }, null, undefined, 'LlmuxError', 42]) {
      expect(LlmuxError.isInstance(other)).toBe(false);
    }
  });

  it('serialises to JSON without its cause or stack', () => {
    const secret = 'sk-ant-api03-secret';
    const error = new LlmuxError({
      kind: 'authentication',
      message: 'Invalid API key',
      status: 401,
      provider: 'anthropic',
      cause: { headers: { 'x-api-key': secret } },
    });
    const json = JSON.stringify(error);
    expect(json).not.toContain(secret);
    expect(json).not.toContain('stack');
    expect(JSON.parse(json)).toEqual({
      name: 'LlmuxError',
      kind: 'authentication',
      message: 'Invalid API key',
      retryable: false,
      status: 401,
      provider: 'anthropic',
    });
  });
});

describe('toLlmuxError', () => {
  it('keeps LlmuxErrors, including those of another copy, as they are', () => {
    const error = new LlmuxError({ kind: 'timeout', message: 't' });
    expect(toLlmuxError(error)).toBe(error);
    const foreign = { [Symbol.for('llmux.error')]: true, kind: 'network' };
    expect(toLlmuxError(foreign)).toBe(foreign);
  });

  it('wraps anything else as a server_error with the original as cause', () => {
    const original = new TypeError('boom');
    const wrapped = toLlmuxError(original, { provider: 'gemini' });
    expect(wrapped).toMatchObject({ kind: 'server_error', message: 'boom', provider: 'gemini' });
    expect(wrapped.cause).toBe(original);
    expect(toLlmuxError('plain string').message).toBe('plain string');
    expect(toLlmuxError(new Error('x'), { kind: 'network' }).retryable).toBe(true);
  });
});

describe('cancelledError', () => {
  it('is a non-retryable cancelled error carrying the abort reason', () => {
    const controller = new AbortController();
    controller.abort(new Error('user left'));
    const error = cancelledError(controller.signal, 'openai');
    expect(error).toMatchObject({ kind: 'cancelled', retryable: false, provider: 'openai' });
    expect((error.cause as Error).message).toBe('user left');
  });
});
