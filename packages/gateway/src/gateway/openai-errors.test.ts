import { type AttemptRecord, type ErrorKind, LlmuxError } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { toErrorReply } from './openai-errors.js';

const keep = (text: string) => text;
const attempt = (errorKind: ErrorKind): AttemptRecord => ({
  provider: 'openai',
  model: 'gpt-5',
  attempt: 1,
  startedAt: 0,
  latencyMs: 1,
  outcome: 'error',
  errorKind,
  status: 500,
  message: 'upstream said no',
});
const allFailed = (...kinds: ErrorKind[]) =>
  new LlmuxError({
    kind: 'all_attempts_failed',
    message: 'All attempts failed',
    attempts: kinds.map(attempt),
  });

describe('toErrorReply', () => {
  it.each([
    ['invalid_request', 400, 'invalid_request_error', 'invalid_request'],
    ['context_length_exceeded', 400, 'invalid_request_error', 'context_length_exceeded'],
    ['content_filtered', 400, 'invalid_request_error', 'content_filter'],
    ['permission', 403, 'permission_error', 'permission'],
    ['authentication', 502, 'upstream_error', 'authentication'],
    ['rate_limited', 429, 'rate_limit_error', 'rate_limited'],
    ['budget_exceeded', 402, 'insufficient_quota', 'budget_exceeded'],
    ['overloaded', 503, 'service_unavailable', 'overloaded'],
    ['timeout', 504, 'timeout_error', 'timeout'],
    ['server_error', 502, 'upstream_error', 'server_error'],
  ] as const)('answers %s with %i', (kind, status, type, code) => {
    const reply = toErrorReply(new LlmuxError({ kind, message: 'why' }), keep);
    expect(reply.status).toBe(status);
    expect(reply.body).toEqual({ error: { message: 'why', type, param: null, code } });
  });

  it('tells a client when to come back', () => {
    const reply = toErrorReply(
      new LlmuxError({ kind: 'rate_limited', message: 'slow down', retryAfterMs: 1500 }),
      keep,
    );
    expect(reply.headers).toEqual({ 'retry-after': '2', 'retry-after-ms': '1500' });
  });

  it('answers every attempt failing by why they failed, listing them without messages', () => {
    expect(toErrorReply(allFailed('rate_limited', 'rate_limited'), keep)).toMatchObject({
      status: 429,
      body: { error: { code: 'rate_limited', type: 'rate_limit_error' } },
    });
    expect(toErrorReply(allFailed('overloaded', 'rate_limited'), keep).status).toBe(503);
    expect(toErrorReply(allFailed(), keep).status).toBe(503);
    const mixed = toErrorReply(allFailed('overloaded', 'server_error'), keep);
    expect(mixed.status).toBe(502);
    expect(mixed.body.error).toMatchObject({
      code: 'all_attempts_failed',
      llmux_attempts: [
        { provider: 'openai', model: 'gpt-5', error_kind: 'overloaded', status: 500 },
        { provider: 'openai', model: 'gpt-5', error_kind: 'server_error', status: 500 },
      ],
    });
    expect(JSON.stringify(mixed.body)).not.toContain('upstream said no');
  });

  it('scrubs messages, and says nothing of an error that is not an LlmuxError', () => {
    const scrubbed = toErrorReply(
      new LlmuxError({ kind: 'server_error', message: 'key sk-1 leaked' }),
      (t) => t.replace('sk-1', '[redacted]'),
    );
    expect(scrubbed.body.error.message).toBe('key [redacted] leaked');
    const bug = toErrorReply(new TypeError('x is undefined at /src/file.ts:1'), keep);
    expect(bug).toEqual({
      status: 500,
      headers: {},
      body: {
        error: {
          message: 'Internal error',
          type: 'server_error',
          param: null,
          code: 'internal_error',
        },
      },
    });
  });
});
