import { buildRequestRecord } from '@llmux/core';
import { trace } from '@opentelemetry/api';
import {
  AlwaysOffSampler,
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { createTracingObserver } from './tracing.js';

afterEach(() => {
  trace.disable();
});

describe('createTracingObserver', () => {
  it('sends spans to the tracer provider registered globally, errors included', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    trace.setGlobalTracerProvider(provider);
    const observer = createTracingObserver();
    observer({
      type: 'request-start',
      requestId: 'r',
      at: 1000,
      streamed: true,
      metadata: { tenant: 'acme', user: 'u-7' },
    });
    observer({
      type: 'route',
      requestId: 'r',
      reason: 'rule "large"',
      plan: [{ provider: 'gemini', model: 'gemini-2.5-pro', reason: 'x' }],
    });
    observer({
      type: 'attempt-start',
      requestId: 'r',
      provider: 'gemini',
      model: 'gemini-2.5-pro',
      attempt: 1,
      at: 1001,
    });
    observer({
      type: 'attempt-end',
      requestId: 'r',
      record: {
        provider: 'gemini',
        model: 'gemini-2.5-pro',
        attempt: 1,
        startedAt: 1001,
        latencyMs: 20,
        outcome: 'error',
        errorKind: 'timeout',
      },
    });
    const error = Object.assign(new Error('too slow'), {});
    observer({
      type: 'request-end',
      record: {
        ...buildRequestRecord({
          requestId: 'r',
          startedAt: 1000,
          latencyMs: 50,
          streamed: true,
          error,
        }),
        error_kind: 'timeout',
      },
    });
    const [call, request] = exporter.getFinishedSpans();
    expect(request!.name).toBe('chat gemini-2.5-pro');
    expect(request!.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gemini-2.5-pro',
      'error.type': 'timeout',
      'llmux.streamed': true,
      'llmux.tenant': 'acme',
      'user.id': 'u-7',
      'llmux.route_reason': 'rule "large"',
    });
    expect(request!.status.code).toBe(2);
    expect(call!.attributes).toMatchObject({
      'gen_ai.provider.name': 'gcp.gemini',
      'gen_ai.request.model': 'gemini-2.5-pro',
      'error.type': 'timeout',
    });
    expect(call!.parentSpanContext?.spanId).toBe(request!.spanContext().spanId);
    await provider.shutdown();
  });

  it('records nothing of a request its tracer samples out, through to its end', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      sampler: new AlwaysOffSampler(),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const observer = createTracingObserver({ tracer: provider.getTracer('t') });
    const requestId = 'sampled-out';
    observer({ type: 'request-start', requestId, at: 0, streamed: false, metadata: {} });
    observer({
      type: 'route',
      requestId,
      reason: 'r',
      plan: [{ provider: 'openai', model: 'gpt-5', reason: 'r' }],
    });
    observer({
      type: 'attempt-start',
      requestId,
      provider: 'openai',
      model: 'gpt-5',
      attempt: 1,
      at: 0,
    });
    observer({
      type: 'request-end',
      record: buildRequestRecord({ requestId, startedAt: 0, latencyMs: 1, streamed: false }),
    });
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it('ignores events of requests it did not see start', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const observer = createTracingObserver({ tracer: provider.getTracer('t') });
    observer({ type: 'attempt-start', provider: 'openai', model: 'gpt-5', attempt: 1, at: 0 });
    observer({
      type: 'request-end',
      record: buildRequestRecord({ requestId: 'x', startedAt: 0, latencyMs: 1, streamed: false }),
    });
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
