import { describe, expect, it } from 'vitest';
import { SimulatorRequestError } from '../simulator/types.js';
import { createOpenAIDialect, openaiDialect } from './openai-dialect.js';

const dialect = createOpenAIDialect({ now: () => 1_700_000_000_500 });
const url = (path: string) => new URL(path, 'http://127.0.0.1:1234');

describe('openaiDialect', () => {
  it('speaks for openai', () => {
    expect(openaiDialect.provider).toBe('openai');
  });

  it('routes POST /v1/chat/completions and nothing else', () => {
    expect(dialect.route('POST', url('/v1/chat/completions'))).toEqual({
      operation: 'generate',
      stream: false,
    });
    expect(dialect.route('POST', url('/v1/chat/completions/'))).toBeDefined();
    expect(dialect.route('GET', url('/v1/chat/completions'))).toBeUndefined();
    expect(dialect.route('POST', url('/v1/responses'))).toBeUndefined();
    // OpenAI has no count-tokens endpoint.
    expect(dialect.route('POST', url('/v1/chat/completions/count_tokens'))).toBeUndefined();
    expect(() => dialect.countTokensBody?.(1, {} as never)).toThrow(SimulatorRequestError);
  });

  it('finds the API key in a bearer authorization header', () => {
    expect(dialect.hasApiKey({ authorization: 'Bearer sk-test' })).toBe(true);
    expect(dialect.hasApiKey({ authorization: 'Bearer ' })).toBe(false);
    expect(dialect.hasApiKey({ 'x-api-key': 'sk-test' })).toBe(false);
    expect(dialect.hasApiKey({})).toBe(false);
  });

  it('stamps answers with the injected clock, in seconds', () => {
    const request = dialect.parse(
      { model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }], stream: true },
      { operation: 'generate', stream: false },
      {},
    );
    const reply = {
      id: 'x',
      model: 'gpt-4.1',
      text: 'hi',
      toolCalls: [],
      finishReason: 'stop' as const,
      usage: {
        inputTokens: 1,
        outputTokens: 1,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        reasoningTokens: 0,
      },
    };
    expect(dialect.responseBody(reply, request)).toMatchObject({ created: 1_700_000_000 });
    const first = dialect.streamFrames(reply, request)[0];
    expect(JSON.parse(first?.data ?? '')).toMatchObject({ created: 1_700_000_000 });
    expect(first?.event).toBeUndefined();
  });

  it('answers errors with the OpenAI envelope', () => {
    expect(dialect.errorReply(500, 'boom', { requestId: 'req_1' })).toEqual({
      status: 500,
      body: { error: { message: 'boom', type: 'server_error', param: null, code: null } },
    });
  });

  it('asks the engine for OpenAI ids, request-id header and overload status', () => {
    expect(dialect.requestIdHeader).toBe('x-request-id');
    expect(dialect.idPrefixes).toEqual({
      response: 'chatcmpl-',
      toolCall: 'call_',
      request: 'req_',
    });
    expect(dialect.overloadedStatus).toBe(503);
  });

  it('sends mid-stream errors as a data payload with an error key, then [DONE] ends streams', () => {
    const frame = dialect.streamErrorFrame(503, 'overloaded');
    expect(frame.event).toBeUndefined();
    expect(JSON.parse(frame.data)).toEqual({
      error: { message: 'overloaded', type: 'server_error', param: null, code: null },
    });
    expect(dialect.doneFrame).toEqual({ data: '[DONE]' });
  });

  it('writes x-ratelimit headers', () => {
    expect(dialect.rateLimitHeaders?.({ tokensRemaining: 5 })).toEqual({
      'x-ratelimit-remaining-tokens': '5',
    });
  });
});
