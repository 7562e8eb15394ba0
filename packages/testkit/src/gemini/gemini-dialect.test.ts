import { describe, expect, it } from 'vitest';
import { geminiDialect } from './gemini-dialect.js';

const route = (method: string, path: string) =>
  geminiDialect.route(method, new URL(path, 'http://127.0.0.1'));

describe('geminiDialect', () => {
  it('routes the five methods under every API version', () => {
    expect(route('POST', '/v1/models/gemini-2.5-flash:generateContent')).toEqual({
      operation: 'generate',
      stream: false,
      model: 'gemini-2.5-flash',
      method: 'generateContent',
    });
    expect(route('POST', '/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse')).toEqual({
      operation: 'generate',
      stream: true,
      model: 'gemini-2.5-pro',
      method: 'streamGenerateContent',
    });
    expect(route('POST', '/v1alpha/models/gemini-2.5-flash:countTokens')).toEqual({
      operation: 'count-tokens',
      stream: false,
      model: 'gemini-2.5-flash',
      method: 'countTokens',
    });
    for (const method of ['embedContent', 'batchEmbedContents']) {
      expect(route('POST', `/v1beta/models/gemini-embedding-001:${method}`)).toEqual({
        operation: 'embed',
        stream: false,
        model: 'gemini-embedding-001',
        method,
      });
    }
  });

  it('answers 404 for anything else', () => {
    expect(route('GET', '/v1beta/models/gemini-2.5-flash:generateContent')).toBeUndefined();
    expect(route('POST', '/v1beta/models/gemini-2.5-flash:predict')).toBeUndefined();
    expect(route('POST', '/v1beta/models/gemini-2.5-flash:toString')).toBeUndefined();
    expect(route('POST', '/v2/models/gemini-2.5-flash:generateContent')).toBeUndefined();
    expect(route('POST', '/v1/chat/completions')).toBeUndefined();
  });

  it('finds the key in x-goog-api-key only', () => {
    expect(geminiDialect.hasApiKey({ 'x-goog-api-key': 'k' })).toBe(true);
    expect(geminiDialect.hasApiKey({ 'x-goog-api-key': '' })).toBe(false);
    expect(geminiDialect.hasApiKey({ authorization: 'Bearer k' })).toBe(false);
  });

  it('sends no rate-limit headers and reports stream errors as an error chunk', () => {
    expect(geminiDialect.rateLimitHeaders?.({ requestsLimit: 10, requestsRemaining: 0 })).toEqual(
      {},
    );
    const frame = geminiDialect.streamErrorFrame(503, 'The model is overloaded.');
    expect(frame.event).toBeUndefined();
    expect(JSON.parse(frame.data)).toEqual({
      error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' },
    });
  });
});
