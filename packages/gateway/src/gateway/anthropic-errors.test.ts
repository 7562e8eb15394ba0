import { type ErrorKind, LlmuxError } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { toAnthropicErrorReply } from './anthropic-errors.js';
import { RequestFieldError } from './request-field-error.js';

const keep = (text: string) => text;
const reply = (error: unknown) => toAnthropicErrorReply(error, keep, 'req-9');

describe('toAnthropicErrorReply', () => {
  it.each([
    ['invalid_request', 400, 'invalid_request_error'],
    ['context_length_exceeded', 400, 'invalid_request_error'],
    ['permission', 403, 'permission_error'],
    ['not_found', 404, 'not_found_error'],
    ['rate_limited', 429, 'rate_limit_error'],
    ['budget_exceeded', 402, 'billing_error'],
    ['overloaded', 529, 'overloaded_error'],
    ['timeout', 504, 'timeout_error'],
    ['server_error', 502, 'api_error'],
    ['authentication', 502, 'api_error'],
  ] as const)('answers %s with %i %s', (kind: ErrorKind, status, type) => {
    const answer = reply(new LlmuxError({ kind, message: 'why' }));
    expect(answer).toEqual({
      status,
      headers: { 'request-id': 'req-9' },
      body: { type: 'error', error: { type, message: 'why' }, request_id: 'req-9' },
    });
  });

  it("answers the gateway's own refusals and its bugs", () => {
    expect(reply(new RequestFieldError(null, 'no key', { status: 401 })).body.error.type).toBe(
      'authentication_error',
    );
    expect(reply(new RequestFieldError(null, 'big', { status: 413 })).body.error.type).toBe(
      'request_too_large',
    );
    expect(reply(new TypeError('x is undefined at /src/a.ts'))).toMatchObject({
      status: 500,
      body: { error: { type: 'api_error', message: 'Internal error' } },
    });
  });

  it('tells a client when to come back', () => {
    const answer = reply(
      new LlmuxError({ kind: 'rate_limited', message: 'slow', retryAfterMs: 1500 }),
    );
    expect(answer.headers).toEqual({
      'retry-after': '2',
      'retry-after-ms': '1500',
      'request-id': 'req-9',
    });
  });
});
