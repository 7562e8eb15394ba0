import { describe, expect, it } from 'vitest';
import { LlmuxError } from './errors.js';
import { buildRequestRecord } from './request-record.js';
import type { AttemptRecord, GenerateResponse } from './response.js';

const at = Date.parse('2026-11-25T08:30:00Z');
const attempt = (provider: string, model: string, outcome: 'success' | 'error'): AttemptRecord => ({
  provider,
  model,
  attempt: 1,
  startedAt: at,
  latencyMs: 10,
  outcome,
});

const response: GenerateResponse = {
  id: 'r1',
  provider: 'gemini',
  model: 'gemini-2.5-flash',
  content: [{ type: 'text', text: 'ok' }],
  finishReason: { unified: 'length', raw: 'MAX_TOKENS' },
  usage: {
    inputTokens: 1000,
    outputTokens: 200,
    cacheReadTokens: 400,
    cacheWriteTokens: 0,
    reasoningTokens: 50,
  },
  costUsd: 0.00081,
  latencyMs: 900,
  timeToFirstTokenMs: 120,
  warnings: [],
  trace: {
    routeReason: 'rule "cheap": task classification',
    attempts: [
      attempt('openai', 'gpt-5-mini', 'error'),
      { ...attempt('openai', 'gpt-5-mini', 'error'), attempt: 2 },
      attempt('anthropic', 'claude-haiku-4-5', 'error'),
      attempt('gemini', 'gemini-2.5-flash', 'success'),
    ],
    cacheHit: false,
    promptCacheSavedUsd: 0.000324,
  },
};

describe('buildRequestRecord', () => {
  it('flattens a response into one record, counting failovers as moves between candidates', () => {
    const record = buildRequestRecord({
      requestId: 'req-9',
      startedAt: at,
      latencyMs: 950,
      streamed: false,
      metadata: { tenant: 'acme', user: 'u-42', task: 'classification', tags: ['batch'] },
      response,
    });
    expect(record).toEqual({
      request_id: 'req-9',
      operation: 'generate',
      timestamp: '2026-11-25T08:30:00.000Z',
      selected_provider: 'gemini',
      model: 'gemini-2.5-flash',
      task: 'classification',
      tenant: 'acme',
      user: 'u-42',
      tags: ['batch'],
      streamed: false,
      attempts: 4,
      failover_attempts: 2,
      input_tokens: 1000,
      output_tokens: 200,
      cache_read_tokens: 400,
      cache_write_tokens: 0,
      reasoning_tokens: 50,
      cost_usd: 0.00081,
      latency_ms: 950,
      time_to_first_token_ms: 120,
      cache_hit: false,
      saved_cost_usd: 0,
      prompt_cache_saved_usd: 0.000324,
      batch_saved_usd: 0,
      route_reason: 'rule "cheap": task classification',
      finish_reason: 'length',
      error_kind: null,
      error_message: null,
      attempt_log: response.trace.attempts,
    });
  });

  it('records what answering through a batch API saved', () => {
    const batched = { ...response, trace: { attempts: [], batchSavedUsd: 0.0004 } };
    const record = buildRequestRecord({
      requestId: 'r',
      startedAt: at,
      latencyMs: 1,
      streamed: false,
      response: batched,
    });
    expect(record.batch_saved_usd).toBe(0.0004);
  });

  it('takes a measured time to first token over the response one', () => {
    const record = buildRequestRecord({
      requestId: 'r',
      startedAt: at,
      latencyMs: 1,
      timeToFirstTokenMs: 33,
      streamed: true,
      response,
    });
    expect(record.time_to_first_token_ms).toBe(33);
  });

  it('records a cache hit and what it saved', () => {
    const hit = { ...response, trace: { attempts: [], cacheHit: true, savedCostUsd: 0.002 } };
    const record = buildRequestRecord({
      requestId: 'r',
      startedAt: at,
      latencyMs: 2,
      streamed: false,
      response: hit,
    });
    expect(record).toMatchObject({ cache_hit: true, saved_cost_usd: 0.002, attempts: 0 });
  });

  it('counts a move to another deployment of the same model as a failover', () => {
    const eu = { ...attempt('openai', 'gpt-5', 'success'), deployment: 'openai-eu:gpt-5' };
    const record = buildRequestRecord({
      requestId: 'r',
      startedAt: at,
      latencyMs: 2,
      streamed: false,
      response: { ...response, trace: { attempts: [attempt('openai', 'gpt-5', 'error'), eu] } },
    });
    expect(record).toMatchObject({ attempts: 2, failover_attempts: 1 });
  });

  it('records an LlmuxError with its kind and its attempts', () => {
    const error = new LlmuxError({
      kind: 'all_attempts_failed',
      message: 'Every candidate failed',
      attempts: [attempt('openai', 'gpt-5', 'error'), attempt('gemini', 'gemini-2.5-pro', 'error')],
    });
    const record = buildRequestRecord({
      requestId: 'r',
      startedAt: at,
      latencyMs: 3,
      streamed: true,
      error,
    });
    expect(record).toMatchObject({
      selected_provider: null,
      model: null,
      tenant: null,
      tags: [],
      attempts: 2,
      failover_attempts: 1,
      input_tokens: 0,
      cost_usd: 0,
      time_to_first_token_ms: null,
      finish_reason: null,
      error_kind: 'all_attempts_failed',
      error_message: 'Every candidate failed',
    });
  });

  it('records anything else thrown as a server_error', () => {
    const base = { requestId: 'r', startedAt: at, latencyMs: 0, streamed: false };
    expect(buildRequestRecord({ ...base, error: new TypeError('x is undefined') })).toMatchObject({
      error_kind: 'server_error',
      error_message: 'x is undefined',
    });
    expect(buildRequestRecord({ ...base, error: 'odd' })).toMatchObject({
      error_kind: 'server_error',
      error_message: 'odd',
    });
  });

  it('records an embedding: operation embed, its input tokens and cost, no finish', () => {
    const record = buildRequestRecord({
      requestId: 'r',
      startedAt: at,
      latencyMs: 4,
      streamed: false,
      operation: 'embed',
      response: {
        provider: 'openai',
        model: 'text-embedding-3-small',
        embeddings: [[1, 0]],
        usage: { inputTokens: 1200 },
        costUsd: 0.000024,
        latencyMs: 4,
        warnings: [],
        trace: { attempts: [attempt('openai', 'text-embedding-3-small', 'success')] },
      },
    });
    expect(record).toMatchObject({
      operation: 'embed',
      selected_provider: 'openai',
      model: 'text-embedding-3-small',
      input_tokens: 1200,
      output_tokens: 0,
      reasoning_tokens: 0,
      cost_usd: 0.000024,
      finish_reason: null,
      time_to_first_token_ms: null,
      attempts: 1,
    });
  });
});
