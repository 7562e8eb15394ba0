import { readFileSync } from 'node:fs';
import { ApiError } from '@google/genai';
import { describe, expect, it } from 'vitest';
import {
  mapGeminiError,
  parseRpcStatus,
  promptBlockedError,
  retryDelayMs,
} from './map-gemini-error.js';

const context = { provider: 'gemini', model: 'gemini-2.5-flash', apiKey: 'AIzaSecretKey123' };
const recorded = (name: string) =>
  readFileSync(new URL(`../../../fixtures/recorded/google/${name}`, import.meta.url), 'utf8');

/** An ApiError as the SDK raises it for an HTTP error: the body, as JSON, is the message. */
const apiError = (status: number, error: Record<string, unknown>) =>
  new ApiError({ status, message: JSON.stringify({ error: { code: status, ...error } }) });

const kindOf = (status: number, error: Record<string, unknown>) =>
  mapGeminiError(apiError(status, error), context).kind;

describe('mapGeminiError', () => {
  it('reads the recorded 429: rate_limited, retryable, with the RetryInfo delay', () => {
    const error = mapGeminiError(
      new ApiError({ status: 429, message: recorded('google-429-retry-info.json') }),
      context,
    );
    expect(error).toMatchObject({
      kind: 'rate_limited',
      retryable: true,
      status: 429,
      retryAfterMs: 34_400,
      provider: 'gemini',
      model: 'gemini-2.5-flash',
      message:
        'Gemini 429 RESOURCE_EXHAUSTED: You exceeded your current quota, please check your plan.',
    });
  });

  it('reads the recorded 400 as invalid_request', () => {
    const error = mapGeminiError(
      new ApiError({ status: 400, message: recorded('issue-8943-gemini-2.5-flash-error.json') }),
      context,
    );
    expect(error).toMatchObject({ kind: 'invalid_request', retryable: false, status: 400 });
    expect(error.message).toContain('Penalty is not enabled');
  });

  it.each([
    [503, { status: 'UNAVAILABLE', message: 'The model is overloaded.' }, 'overloaded'],
    [500, { status: 'INTERNAL', message: 'An internal error has occurred.' }, 'server_error'],
    [502, { status: 'UNAVAILABLE', message: 'Bad gateway' }, 'server_error'],
    [504, { status: 'DEADLINE_EXCEEDED', message: 'Deadline expired' }, 'timeout'],
    [
      403,
      { status: 'PERMISSION_DENIED', message: 'The caller does not have permission' },
      'permission',
    ],
    [
      404,
      { status: 'NOT_FOUND', message: 'models/x is not found for API version v1' },
      'not_found',
    ],
    [499, { status: 'CANCELLED', message: 'The operation was cancelled.' }, 'cancelled'],
    [
      400,
      { status: 'FAILED_PRECONDITION', message: 'User location is not supported' },
      'permission',
    ],
    [
      401,
      { status: 'UNAUTHENTICATED', message: 'Request had invalid authentication' },
      'authentication',
    ],
  ])('maps %i %j to %s', (status, error, kind) => {
    expect(kindOf(status, error)).toBe(kind);
  });

  it('knows Gemini says a bad key with a 400 and a missing one with a 403', () => {
    expect(
      kindOf(400, {
        status: 'INVALID_ARGUMENT',
        message: 'API key not valid. Please pass a valid API key.',
        details: [
          { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' },
        ],
      }),
    ).toBe('authentication');
    expect(
      kindOf(403, {
        status: 'PERMISSION_DENIED',
        message:
          "Method doesn't allow unregistered callers (callers without established identity).",
      }),
    ).toBe('authentication');
  });

  it('recognises a too-long prompt from the message', () => {
    expect(
      kindOf(400, {
        status: 'INVALID_ARGUMENT',
        message:
          'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).',
      }),
    ).toBe('context_length_exceeded');
  });

  it('reads an error chunk of a stream, and a Vertex one wrapped in an array', () => {
    const chunk = new ApiError({
      status: 503,
      message:
        'got status: UNAVAILABLE. {"error":{"code":503,"message":"Overloaded","status":"UNAVAILABLE"}}',
    });
    expect(mapGeminiError(chunk, context)).toMatchObject({
      kind: 'overloaded',
      message: 'Gemini 503 UNAVAILABLE: Overloaded',
    });
    expect(parseRpcStatus('[{"error":{"code":429,"status":"RESOURCE_EXHAUSTED"}}]')).toEqual({
      code: 429,
      status: 'RESOURCE_EXHAUSTED',
    });
    expect(parseRpcStatus('plain text')).toBeUndefined();
  });

  it('takes the delay from the message when no RetryInfo says it', () => {
    expect(retryDelayMs({ message: 'Quota exceeded. Please retry in 26.660853464s.' })).toBe(
      26_661,
    );
    expect(
      retryDelayMs({
        details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '39s' }],
      }),
    ).toBe(39_000);
    expect(retryDelayMs({ message: 'no delay' })).toBeUndefined();
  });

  it('never lets the key into a message, even when the API echoes it', () => {
    const echoed = apiError(400, {
      status: 'INVALID_ARGUMENT',
      message: 'API key not valid: AIzaSecretKey123',
    });
    const error = mapGeminiError(echoed, context);
    expect(error.message).toBe('Gemini 400 INVALID_ARGUMENT: API key not valid: [redacted]');
    expect(JSON.stringify(error.toJSON())).not.toContain('AIzaSecretKey123');
  });
});

describe('promptBlockedError', () => {
  it('is content_filtered and not retryable', () => {
    const error = promptBlockedError(
      { blockReason: 'SAFETY' as never, blockReasonMessage: 'unsafe' },
      context,
    );
    expect(error).toMatchObject({
      kind: 'content_filtered',
      retryable: false,
      message: 'Gemini blocked the prompt: SAFETY (unsafe)',
    });
  });
});
