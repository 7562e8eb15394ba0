import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { mapAnthropicError } from './map-anthropic-error.js';

const context = { model: 'claude-haiku-4-5', now: Date.parse('2026-11-25T03:00:00Z') };

const apiError = (status: number | undefined, type: string, message: string, headers = {}) =>
  status === undefined
    ? new APIError(
        undefined,
        { type: 'error', error: { type, message } },
        undefined,
        new Headers(headers),
        type as never,
      )
    : APIError.generate(
        status,
        { type: 'error', error: { type, message } },
        undefined,
        new Headers(headers),
      );

describe('mapAnthropicError', () => {
  it.each([
    [400, 'invalid_request_error', 'messages: Field required', 'invalid_request', false],
    [
      400,
      'invalid_request_error',
      'prompt is too long: 205351 tokens > 200000 maximum',
      'context_length_exceeded',
      false,
    ],
    [
      400,
      'invalid_request_error',
      'Output blocked by content filtering policy',
      'content_filtered',
      false,
    ],
    [401, 'authentication_error', 'invalid x-api-key', 'authentication', false],
    [403, 'permission_error', 'no access', 'permission', false],
    [404, 'not_found_error', 'model: claude-nope', 'not_found', false],
    [413, 'request_too_large', 'too large', 'invalid_request', false],
    [429, 'rate_limit_error', 'slow down', 'rate_limited', true],
    [500, 'api_error', 'oops', 'server_error', true],
    [502, 'api_error', 'bad gateway', 'server_error', true],
    [503, 'api_error', 'unavailable', 'overloaded', true],
    [504, 'timeout_error', 'took too long', 'timeout', true],
    [529, 'overloaded_error', 'Overloaded', 'overloaded', true],
  ])('status %i %s (%s) is %s', (status, type, message, kind, retryable) => {
    const error = mapAnthropicError(apiError(status, type, message), context);
    expect(error).toMatchObject({
      kind,
      retryable,
      status,
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
    });
    expect(error.message).toBe(`Anthropic ${status} ${type}: ${message}`);
  });

  it('reads retry-after as seconds or as a date', () => {
    const seconds = mapAnthropicError(
      apiError(429, 'rate_limit_error', 'x', { 'retry-after': '7' }),
      context,
    );
    expect(seconds.retryAfterMs).toBe(7000);
    const date = mapAnthropicError(
      apiError(429, 'rate_limit_error', 'x', { 'retry-after': 'Wed, 25 Nov 2026 03:00:30 GMT' }),
      context,
    );
    expect(date.retryAfterMs).toBe(30_000);
  });

  it.each([
    ['overloaded_error', 'overloaded'],
    ['api_error', 'server_error'],
    ['rate_limit_error', 'rate_limited'],
    ['invalid_request_error', 'invalid_request'],
    ['brand_new_error', 'server_error'],
  ])('an in-stream %s event (no status) is %s', (type, kind) => {
    const error = mapAnthropicError(apiError(undefined, type, 'mid-stream'), context);
    expect(error.kind).toBe(kind);
    expect(error.status).toBeUndefined();
    expect(error.message).toBe(`Anthropic stream error ${type}: mid-stream`);
  });

  it("maps the SDK's connection failures and timeouts, and its missing-key complaint", () => {
    expect(
      mapAnthropicError(new APIConnectionError({ message: 'Connection error.' }), context),
    ).toMatchObject({
      kind: 'network',
      retryable: true,
    });
    expect(mapAnthropicError(new APIConnectionTimeoutError(), context).kind).toBe('timeout');
    expect(
      mapAnthropicError(
        new Error('Could not resolve authentication method. Expected one of apiKey'),
        context,
      ),
    ).toMatchObject({ kind: 'authentication', retryable: false });
  });

  it('is a cancellation once the caller aborted, or a timeout when its signal timed out', () => {
    const aborted = new AbortController();
    aborted.abort();
    expect(
      mapAnthropicError(new APIUserAbortError(), { ...context, signal: aborted.signal }),
    ).toMatchObject({
      kind: 'cancelled',
      retryable: false,
    });
    const timedOut = new AbortController();
    timedOut.abort(new DOMException('timed out', 'TimeoutError'));
    expect(
      mapAnthropicError(new TypeError('terminated'), { ...context, signal: timedOut.signal }),
    ).toMatchObject({
      kind: 'timeout',
      retryable: true,
    });
    expect(mapAnthropicError(new APIUserAbortError(), context).kind).toBe('cancelled');
  });

  it('keeps the SDK error as the cause, and the API key out of the message', () => {
    const sdk = apiError(500, 'api_error', 'x');
    expect(mapAnthropicError(sdk, context).cause).toBe(sdk);
    const apiKey = 'sk-ant-api03-secret-0123456789';
    const echoed = apiError(401, 'authentication_error', `invalid x-api-key: ${apiKey}`);
    const error = mapAnthropicError(echoed, { ...context, apiKey });
    expect(error.message).toBe('Anthropic 401 authentication_error: invalid x-api-key: [redacted]');
    expect(JSON.stringify(error.toJSON())).not.toContain(apiKey);
  });

  it('reads an unknown in-stream error type as a server error', () => {
    expect(mapAnthropicError(apiError(undefined, 'constructor', 'odd'), context).kind).toBe(
      'server_error',
    );
  });
});
