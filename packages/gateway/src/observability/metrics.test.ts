import { buildRequestRecord, LlmuxError } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { createMetrics, mergeSnapshots, renderPrometheus } from './metrics.js';

const success = buildRequestRecord({
  requestId: 'r1',
  startedAt: 0,
  latencyMs: 30,
  streamed: false,
  metadata: { tenant: 'acme "quoted"' },
  response: {
    id: 'x',
    provider: 'openai',
    model: 'gpt-5',
    content: [],
    finishReason: { unified: 'stop' },
    usage: {
      inputTokens: 10,
      outputTokens: 5,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    },
    costUsd: 0.5,
    latencyMs: 30,
    warnings: [],
    trace: { attempts: [] },
  },
});

const failure = buildRequestRecord({
  requestId: 'r2',
  startedAt: 0,
  latencyMs: 3000,
  streamed: true,
  error: new LlmuxError({ kind: 'timeout', message: 'slow' }),
});

describe('metrics', () => {
  it('counts requests, errors, tokens, cost and latency from records', () => {
    const metrics = createMetrics();
    metrics.observer({ type: 'request-end', record: success });
    metrics.observer({ type: 'request-end', record: failure });
    metrics.httpResponse('chat_completions', 200);
    const text = renderPrometheus(metrics.snapshot());
    expect(text).toContain(
      'llmux_requests_total{provider="openai",model="gpt-5",tenant="acme \\"quoted\\"",outcome="success"} 1',
    );
    expect(text).toContain('llmux_request_errors_total{kind="timeout",tenant="none"} 1');
    expect(text).toContain('llmux_tokens_total{provider="openai",model="gpt-5",type="output"} 5');
    expect(text).toContain(
      'llmux_request_duration_seconds_bucket{provider="openai",model="gpt-5",streamed="false",le="0.025"} 0',
    );
    expect(text).toContain(
      'llmux_request_duration_seconds_bucket{provider="openai",model="gpt-5",streamed="false",le="0.05"} 1',
    );
    expect(text).toContain(
      'llmux_request_duration_seconds_bucket{provider="none",model="none",streamed="true",le="+Inf"} 1',
    );
    expect(text).toContain(
      'llmux_request_duration_seconds_sum{provider="none",model="none",streamed="true"} 3',
    );
    expect(text).toContain('llmux_http_responses_total{route="chat_completions",status="200"} 1');
  });

  it("counts prompt-cache savings per model, a request's net loss apart, never taking away", () => {
    const metrics = createMetrics();
    const cached = (prompt_cache_saved_usd: number) => ({
      ...success,
      cache_read_tokens: 4,
      cache_write_tokens: 2,
      prompt_cache_saved_usd,
    });
    for (const saved of [0.25, 0.5, -0.125, 0]) {
      metrics.observer({ type: 'request-end', record: cached(saved) });
    }
    const text = renderPrometheus(metrics.snapshot());
    expect(text).toContain('# TYPE llmux_prompt_cache_saved_usd_total counter');
    expect(text).toContain(
      'llmux_prompt_cache_saved_usd_total{provider="openai",model="gpt-5"} 0.75',
    );
    expect(text).toContain(
      'llmux_prompt_cache_overspent_usd_total{provider="openai",model="gpt-5"} 0.125',
    );
    expect(text).toContain(
      'llmux_tokens_total{provider="openai",model="gpt-5",type="cache_read"} 16',
    );
    expect(text).toContain(
      'llmux_tokens_total{provider="openai",model="gpt-5",type="cache_write"} 8',
    );
  });

  it('adds up the snapshots of several workers', () => {
    const a = createMetrics();
    const b = createMetrics();
    a.observer({ type: 'request-end', record: success });
    b.observer({ type: 'request-end', record: success });
    b.observer({ type: 'request-end', record: failure });
    const text = renderPrometheus(mergeSnapshots([a.snapshot(), b.snapshot()]));
    expect(text).toContain('outcome="success"} 2');
    expect(text).toContain(
      'llmux_cost_usd_total{provider="openai",model="gpt-5",tenant="acme \\"quoted\\""} 1',
    );
    expect(text).toContain(
      'llmux_request_duration_seconds_count{provider="openai",model="gpt-5",streamed="false"} 2',
    );
    expect(text).toContain('llmux_request_errors_total{kind="timeout",tenant="none"} 1');
  });

  it('hands out snapshots the caller cannot change', () => {
    const metrics = createMetrics();
    metrics.httpResponse('models', 200);
    const snapshot = metrics.snapshot();
    snapshot.counters.llmux_http_responses_total = {};
    expect(renderPrometheus(metrics.snapshot())).toContain('route="models",status="200"} 1');
  });
});
