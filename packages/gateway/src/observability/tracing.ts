import type { LlmuxEvent, Observer, RequestRecord } from '@llmux/core';
import {
  type Attributes,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';

/** GenAI semantic conventions' provider names (`gen_ai.provider.name`). */
const providerNames: Record<string, string> = { gemini: 'gcp.gemini' };
const providerName = (provider: string) => providerNames[provider] ?? provider;

const providerAttributes = (provider: string): Attributes => ({
  'gen_ai.provider.name': providerName(provider),
  // The older name of the same attribute, still read by many backends.
  'gen_ai.system': providerName(provider),
});

interface RequestSpans {
  span: Span;
  attempts: Map<string, Span>;
}

const attemptKey = (e: { provider: string; model: string; attempt: number }) =>
  `${e.provider}:${e.model}:${e.attempt}`;

function endAttributes(record: RequestRecord): Attributes {
  return {
    ...(record.selected_provider !== null && providerAttributes(record.selected_provider)),
    ...(record.model !== null && { 'gen_ai.response.model': record.model }),
    'gen_ai.usage.input_tokens': record.input_tokens,
    'gen_ai.usage.output_tokens': record.output_tokens,
    ...(record.finish_reason !== null && {
      'gen_ai.response.finish_reasons': [record.finish_reason],
    }),
    ...(record.error_kind !== null && { 'error.type': record.error_kind }),
    'llmux.cost_usd': record.cost_usd,
    'llmux.cache_hit': record.cache_hit,
    'llmux.attempts': record.attempts,
    'llmux.failover_attempts': record.failover_attempts,
    ...(record.route_reason !== null && { 'llmux.route_reason': record.route_reason }),
  };
}

/**
 * OpenTelemetry spans from the stack's events, following the GenAI semantic conventions: a
 * `chat` span per request and a child `chat {model}` client span per provider call, with
 * provider, models, token usage, finish reasons and `error.type`. Spans go to the tracer given,
 * or to whatever tracer provider is registered globally (none: they cost next to nothing).
 */
export function createTracingObserver(options: { tracer?: Tracer } = {}): Observer {
  const tracer = options.tracer ?? trace.getTracer('@llmux/gateway');
  const requests = new Map<string, RequestSpans>();

  const startRequest = (event: Extract<LlmuxEvent, { type: 'request-start' }>) => {
    const { metadata } = event;
    const span = tracer.startSpan('chat', {
      kind: SpanKind.CLIENT,
      startTime: event.at,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'llmux.request_id': event.requestId,
        'llmux.streamed': event.streamed,
        ...(metadata.tenant !== undefined && { 'llmux.tenant': metadata.tenant }),
        // OpenTelemetry's general attribute for the end user (OpenAI's `user`).
        ...(metadata.user !== undefined && { 'user.id': metadata.user }),
        ...(metadata.task !== undefined && { 'llmux.task': metadata.task }),
        ...(metadata.tags !== undefined && { 'llmux.tags': metadata.tags }),
      },
    });
    // With no tracer provider (or one that samples this request out) nothing is recorded: the
    // request's other events then cost nothing.
    if (span.isRecording()) requests.set(event.requestId, { span, attempts: new Map() });
  };

  const endRequest = (record: RequestRecord) => {
    const spans = requests.get(record.request_id);
    if (!spans) return;
    requests.delete(record.request_id);
    const endTime = Date.parse(record.timestamp) + record.latency_ms;
    for (const attempt of spans.attempts.values()) attempt.end(endTime);
    spans.span.setAttributes(endAttributes(record));
    if (record.error_kind !== null) {
      spans.span.setStatus({ code: SpanStatusCode.ERROR, message: record.error_kind });
    }
    spans.span.end(endTime);
  };

  return (event) => {
    switch (event.type) {
      case 'request-start':
        startRequest(event);
        return;
      case 'route': {
        const spans = event.requestId === undefined ? undefined : requests.get(event.requestId);
        const first = event.plan[0];
        if (!spans || !first) return;
        spans.span.updateName(`chat ${first.model}`);
        spans.span.setAttributes({
          'gen_ai.request.model': first.model,
          'llmux.route_reason': event.reason,
        });
        return;
      }
      case 'attempt-start': {
        const spans = event.requestId === undefined ? undefined : requests.get(event.requestId);
        if (!spans) return;
        const attempt = tracer.startSpan(
          `chat ${event.model}`,
          {
            kind: SpanKind.CLIENT,
            startTime: event.at,
            attributes: {
              'gen_ai.operation.name': 'chat',
              ...providerAttributes(event.provider),
              'gen_ai.request.model': event.model,
              'llmux.attempt': event.attempt,
            },
          },
          trace.setSpan(ROOT_CONTEXT, spans.span),
        );
        spans.attempts.set(attemptKey(event), attempt);
        return;
      }
      case 'attempt-end': {
        const { record } = event;
        const spans = event.requestId === undefined ? undefined : requests.get(event.requestId);
        const attempt = spans?.attempts.get(attemptKey(record));
        if (!spans || !attempt) return;
        spans.attempts.delete(attemptKey(record));
        if (record.outcome === 'error') {
          attempt.setAttribute('error.type', record.errorKind ?? 'error');
          if (record.status !== undefined)
            attempt.setAttribute('http.response.status_code', record.status);
          attempt.setStatus({ code: SpanStatusCode.ERROR, message: record.errorKind });
        }
        attempt.end(record.startedAt + record.latencyMs);
        return;
      }
      case 'request-end':
        endRequest(event.record);
        return;
      default:
        return;
    }
  };
}
