import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { LlmuxError } from './errors.js';
import { mapProviderError, type ProviderErrorContext } from './map-provider-error.js';

const context: ProviderErrorContext = { provider: 'acme', model: 'acme-large' };
const aborted = (reason?: unknown) => {
  const controller = new AbortController();
  controller.abort(reason);
  return controller.signal;
};

describe('mapProviderError', () => {
  it('keeps an LlmuxError as it is', () => {
    const own = new LlmuxError({ kind: 'budget_exceeded', message: 'no money' });
    expect(mapProviderError(own, context)).toBe(own);
    expect(mapProviderError(own, { ...context, signal: aborted() })).toBe(own);
  });

  it("is the caller's cancellation once its signal aborted, whatever failed", () => {
    const cause = new TypeError('terminated');
    const error = mapProviderError(cause, { ...context, signal: aborted() });
    expect(error).toMatchObject({
      kind: 'cancelled',
      retryable: false,
      message: 'The request was cancelled',
      provider: 'acme',
      model: 'acme-large',
    });
    expect(error.cause).toBe(cause);
  });

  it("is a timeout when the caller's signal timed out", () => {
    const signal = aborted(new DOMException('The operation timed out.', 'TimeoutError'));
    expect(mapProviderError(new Error('aborted'), { ...context, signal })).toMatchObject({
      kind: 'timeout',
      retryable: true,
      message: 'The request timed out',
    });
  });

  it('reads SDK errors with the reader, adding where it happened and the cause', () => {
    const sdk = Object.assign(new Error('Overloaded'), { status: 529 });
    const error = mapProviderError(sdk, context, (e) =>
      e === sdk ? { kind: 'overloaded', message: 'acme 529: Overloaded', status: 529 } : undefined,
    );
    expect(error).toMatchObject({
      kind: 'overloaded',
      retryable: true,
      status: 529,
      message: 'acme 529: Overloaded',
      provider: 'acme',
      model: 'acme-large',
    });
    expect(error.cause).toBe(sdk);
  });

  it('keeps an explicit retryable and retry-after from the reader', () => {
    const error = mapProviderError(new Error('quota'), context, () => ({
      kind: 'rate_limited',
      message: 'quota',
      retryable: false,
      retryAfterMs: 7000,
    }));
    expect(error).toMatchObject({ kind: 'rate_limited', retryable: false, retryAfterMs: 7000 });
  });

  it('makes an abort cancelled and a timeout a timeout, without a signal', () => {
    expect(mapProviderError(new DOMException('aborted', 'AbortError'), context)).toMatchObject({
      kind: 'cancelled',
      retryable: false,
    });
    expect(mapProviderError(new DOMException('slow', 'TimeoutError'), context)).toMatchObject({
      kind: 'timeout',
      retryable: true,
    });
  });

  it('makes a body that is not JSON a retryable server error', () => {
    expect(
      mapProviderError(new SyntaxError('Unexpected end of JSON input'), context),
    ).toMatchObject({
      kind: 'server_error',
      retryable: true,
      message: 'acme sent a body that is not valid JSON: Unexpected end of JSON input',
    });
  });

  it('makes a failed or broken connection a network error, and no other TypeError', () => {
    expect(mapProviderError(new TypeError('terminated'), context)).toMatchObject({
      kind: 'network',
      retryable: true,
      message: 'Connection to acme failed: terminated',
    });
    expect(mapProviderError(new TypeError('fetch failed'), context).kind).toBe('network');
    const reset = new TypeError('other', {
      cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
    });
    expect(mapProviderError(reset, context).kind).toBe('network');
    expect(mapProviderError(new TypeError('x is not a function'), context).kind).toBe(
      'server_error',
    );
  });

  it('makes anything else a server error that says what was thrown', () => {
    expect(mapProviderError('weird', context)).toMatchObject({
      kind: 'server_error',
      retryable: true,
      message: 'acme call failed: weird',
    });
  });

  it('scrubs the API key from every message, however it was built', () => {
    const apiKey = 'sk-live-1234567890abcdef';
    const withKey = { ...context, apiKey };
    expect(mapProviderError(new Error(`bad key ${apiKey} used`), withKey).message).toBe(
      'acme call failed: bad key [redacted] used',
    );
    expect(mapProviderError(new SyntaxError(`Unexpected token ${apiKey}`), withKey).message).toBe(
      'acme sent a body that is not valid JSON: Unexpected token [redacted]',
    );
    const read = mapProviderError(new Error('x'), withKey, () => ({
      kind: 'authentication',
      message: `401 Incorrect API key provided: ${apiKey}.`,
    }));
    expect(read.message).toBe('401 Incorrect API key provided: [redacted].');
    expect(JSON.stringify(read.toJSON())).not.toContain(apiKey);
  });

  it('keeps the cause, unless the key shows in it: then its scrubbed copy', () => {
    const apiKey = 'sk-live-1234567890abcdef';
    const withKey = { ...context, apiKey };
    const clean = new Error('connection refused');
    expect(mapProviderError(clean, withKey).cause).toBe(clean);
    const echoed = Object.assign(new Error(`401 Incorrect API key provided: ${apiKey}.`), {
      name: 'AuthenticationError',
      body: { error: { message: `Incorrect API key provided: ${apiKey}.` } },
    });
    const cause = mapProviderError(echoed, withKey).cause as Error;
    expect(cause).toMatchObject({
      name: 'AuthenticationError',
      message: '401 Incorrect API key provided: [redacted].',
    });
    expect(inspect(cause)).not.toContain(apiKey);
    const bodyOnly = Object.assign(new Error('401'), { body: { key: apiKey } });
    expect(inspect(mapProviderError(bodyOnly, withKey))).not.toContain(apiKey);
  });

  it('leaves short keys alone rather than garble the message', () => {
    expect(
      mapProviderError(new Error('a key in a kettle'), { ...context, apiKey: 'k' }).message,
    ).toBe('acme call failed: a key in a kettle');
  });
});
