import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalStatus, geminiErrorBody, geminiErrorReply } from './gemini-error-body.js';

const recorded = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../../../fixtures/recorded/google/${name}`, import.meta.url), 'utf8'),
  );

describe('geminiErrorBody', () => {
  it('is the recorded 400 body for an invalid argument', () => {
    expect(geminiErrorBody(400, 'Penalty is not enabled for models/gemini-2.5-flash')).toEqual(
      recorded('issue-8943-gemini-2.5-flash-error.json'),
    );
  });

  it('gives a 429 its QuotaFailure and, when the message names a delay, its RetryInfo', () => {
    const body = geminiErrorBody(429, 'You exceeded your current quota. Please retry in 34.4s.');
    const reference = recorded('google-429-retry-info.json');
    expect(body.error.status).toBe(reference.error.status);
    const types = body.error.details?.map((detail) => detail['@type']);
    expect(types).toEqual([
      'type.googleapis.com/google.rpc.QuotaFailure',
      'type.googleapis.com/google.rpc.Help',
      'type.googleapis.com/google.rpc.RetryInfo',
    ]);
    expect(body.error.details?.at(-1)).toEqual(reference.error.details[1]);
  });

  it('writes a delay it is given as a protobuf Duration, over the one in the message', () => {
    const retryInfo = (ms?: number) =>
      geminiErrorBody(429, 'Please retry in 3s.', ms).error.details?.at(-1);
    expect(retryInfo(7000)).toMatchObject({ retryDelay: '7s' });
    expect(retryInfo(1500)).toMatchObject({ retryDelay: '1.5s' });
    expect(retryInfo()).toMatchObject({ retryDelay: '3s' });
  });

  it('replies with the body alone: a 429 delay goes into RetryInfo, not a header', () => {
    const reply = geminiErrorReply(429, 'Rate limit exceeded', {
      requestId: 'r',
      retryAfterMs: 7000,
    });
    expect(reply.headers).toBeUndefined();
    expect(reply.body.error.details).toContainEqual({
      '@type': 'type.googleapis.com/google.rpc.RetryInfo',
      retryDelay: '7s',
    });
  });

  it('names the quota that ran out from the wording', () => {
    const quotaId = (message: string) => {
      const [failure] = geminiErrorBody(429, message).error.details ?? [];
      return (failure?.violations as Array<{ quotaId: string }> | undefined)?.[0]?.quotaId;
    };
    expect(quotaId('rate limit of 2 requests per minute')).toMatch(/^GenerateRequestsPerMinute/);
    expect(quotaId('rate limit of 100 tokens per minute')).toMatch(/InputTokensPerModelPerMinute$/);
    expect(geminiErrorBody(429, 'Rate limit exceeded').error.details).toHaveLength(2);
  });

  it('explains an invalid key with ErrorInfo API_KEY_INVALID', () => {
    const body = geminiErrorBody(400, 'API key not valid. Please pass a valid API key.');
    expect(body.error.details?.[0]).toMatchObject({ reason: 'API_KEY_INVALID' });
  });
});

describe('canonicalStatus', () => {
  it('names each status as google.rpc does', () => {
    expect([400, 401, 403, 404, 429, 499, 500, 503, 504, 418, 599].map(canonicalStatus)).toEqual([
      'INVALID_ARGUMENT',
      'UNAUTHENTICATED',
      'PERMISSION_DENIED',
      'NOT_FOUND',
      'RESOURCE_EXHAUSTED',
      'CANCELLED',
      'INTERNAL',
      'UNAVAILABLE',
      'DEADLINE_EXCEEDED',
      'INVALID_ARGUMENT',
      'INTERNAL',
    ]);
  });
});
