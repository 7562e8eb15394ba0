import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { describe, expect, it } from 'vitest';
import { type ErrorContext, mapOpenAIError } from './map-openai-error.js';

const context: ErrorContext = { provider: 'openai', model: 'gpt-5-mini', now: 1_000_000 };

/** An SDK error as the SDK builds it from a response. */
const httpError = (
  status: number,
  error: Record<string, unknown>,
  headers: Record<string, string> = {},
) => APIError.generate(status, { error }, undefined, new Headers(headers));

const body = (message: string, type: string, code: string | null = null) => ({
  message,
  type,
  param: null,
  code,
});

describe('mapOpenAIError', () => {
  it.each([
    [400, 'invalid_request', false],
    [401, 'authentication', false],
    [403, 'permission', false],
    [404, 'not_found', false],
    [408, 'timeout', true],
    [422, 'invalid_request', false],
    [500, 'server_error', true],
    [502, 'server_error', true],
    [503, 'overloaded', true],
  ])('status %i is %s (retryable %s)', (status, kind, retryable) => {
    const error = mapOpenAIError(httpError(status, body('no', 'x')), context);
    expect(error).toMatchObject({
      kind,
      retryable,
      status,
      provider: 'openai',
      model: 'gpt-5-mini',
    });
    expect(error.message).toBe(`${status} no`);
  });

  it('reads retry-after on a 429', () => {
    const error = mapOpenAIError(
      httpError(429, body('Rate limit reached', 'requests', 'rate_limit_exceeded'), {
        'retry-after': '7',
      }),
      context,
    );
    expect(error).toMatchObject({ kind: 'rate_limited', retryable: true, retryAfterMs: 7000 });
  });

  it('prefers retry-after-ms, then the wait the message names', () => {
    const withMs = httpError(429, body('x', 'tokens'), { 'retry-after-ms': '250' });
    expect(mapOpenAIError(withMs, context).retryAfterMs).toBe(250);
    const worded = httpError(
      429,
      body(
        'Rate limit reached for gpt-4.1 on tokens per min (TPM): Limit 30000, Used 28039, Requested 3906. Please try again in 3.89s.',
        'tokens',
        'rate_limit_exceeded',
      ),
    );
    expect(mapOpenAIError(worded, context).retryAfterMs).toBe(3890);
    const inMs = httpError(429, body('Please try again in 6ms. Visit …', 'tokens'));
    expect(mapOpenAIError(inMs, context).retryAfterMs).toBe(6);
  });

  it('makes an exhausted quota a rate limit that retrying does not cure', () => {
    const error = mapOpenAIError(
      httpError(
        429,
        body('You exceeded your current quota', 'insufficient_quota', 'insufficient_quota'),
      ),
      context,
    );
    expect(error).toMatchObject({ kind: 'rate_limited', retryable: false, status: 429 });
  });

  it('reads context_length_exceeded from the code, or from the wording of compatible servers', () => {
    const coded = httpError(
      400,
      body('too long', 'invalid_request_error', 'context_length_exceeded'),
    );
    expect(mapOpenAIError(coded, context)).toMatchObject({
      kind: 'context_length_exceeded',
      retryable: false,
    });
    const worded = httpError(
      400,
      body("This model's maximum context length is 8192 tokens.", 'BadRequestError'),
    );
    expect(mapOpenAIError(worded, context).kind).toBe('context_length_exceeded');
  });

  it.each(['content_filter', 'content_policy_violation'])('code %s is content_filtered', (code) => {
    const error = httpError(400, body('filtered', 'invalid_request_error', code));
    expect(mapOpenAIError(error, context)).toMatchObject({
      kind: 'content_filtered',
      retryable: false,
    });
  });

  it('obeys x-should-retry', () => {
    const no = httpError(500, body('x', 'server_error'), { 'x-should-retry': 'false' });
    expect(mapOpenAIError(no, context).retryable).toBe(false);
    const yes = httpError(409, body('x', 'invalid_request_error'), { 'x-should-retry': 'true' });
    expect(mapOpenAIError(yes, context).retryable).toBe(true);
  });

  it.each([
    [body('upstream broke', 'server_error'), 'server_error', true],
    [body('slow down', 'requests', 'rate_limit_exceeded'), 'rate_limited', true],
    [body('bad', 'invalid_request_error'), 'invalid_request', false],
    [
      body('too long', 'invalid_request_error', 'context_length_exceeded'),
      'context_length_exceeded',
      false,
    ],
  ])('an in-stream error payload %j is %s', (payload, kind, retryable) => {
    const error = new APIError(undefined, payload, undefined, new Headers());
    expect(mapOpenAIError(error, context)).toMatchObject({ kind, retryable, status: undefined });
  });

  it('maps connection failures, timeouts and user aborts', () => {
    expect(
      mapOpenAIError(new APIConnectionError({ message: 'Connection error.' }), context),
    ).toMatchObject({
      kind: 'network',
      retryable: true,
    });
    expect(mapOpenAIError(new APIConnectionTimeoutError(), context)).toMatchObject({
      kind: 'timeout',
      retryable: true,
    });
    expect(mapOpenAIError(new APIUserAbortError(), context).kind).toBe('cancelled');
  });

  it("tells the caller's cancel from the caller's timeout by the signal's reason", () => {
    const cancelled = new AbortController();
    cancelled.abort();
    expect(
      mapOpenAIError(new APIUserAbortError(), { ...context, signal: cancelled.signal }),
    ).toMatchObject({
      kind: 'cancelled',
      retryable: false,
    });
    const timedOut = new AbortController();
    timedOut.abort(new DOMException('The operation timed out.', 'TimeoutError'));
    expect(
      mapOpenAIError(new APIUserAbortError(), { ...context, signal: timedOut.signal }),
    ).toMatchObject({
      kind: 'timeout',
      retryable: true,
    });
  });

  it('scrubs the API key from messages', () => {
    const apiKey = 'sk-live-1234567890abcdef';
    const error = httpError(
      401,
      body(`Incorrect API key provided: ${apiKey}.`, 'invalid_request_error'),
    );
    const mapped = mapOpenAIError(error, { ...context, apiKey });
    expect(mapped.message).toBe('401 Incorrect API key provided: [redacted].');
    expect(JSON.stringify(mapped.toJSON())).not.toContain(apiKey);
  });
});
