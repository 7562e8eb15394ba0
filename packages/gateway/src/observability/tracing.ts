import type {
  AttemptRunner,
  LlmuxEvent,
  Observer,
  RequestRecord,
  RequestSettings,
} from '@llmux/core';
import {
  type Attributes,
  context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import {
  type CalledModel,
  operationName,
  providerName,
  type ServerOf,
  serverAttributes,
  settingsAttributes,
} from './genai-attributes.js';

const providerAttributes = (provider: string): Attributes => ({
  'gen_ai.provider.name': providerName(provider),
  // The deprecated name of the same attribute, still read by many backends.
  'gen_ai.system': providerName(provider),
});

interface RequestSpans {
  span: Span;
  operation: string;
  settings: RequestSettings | undefined;
  /** Provider calls still open. */
  attempts: Map<string, Span>;
  /** The call that answered: ended with the request, once its usage is known. */
  answered?: { span: Span; endTime: number };
}

const attemptKey = (e: CalledModel & { attempt: number }) =>
  `${e.provider}:${e.model}:${e.deployment ?? ''}:${e.attempt}`;

/** Token counts by the conventions' names; cache and reasoning tokens are part of the totals. */
const usageAttributes = (record: RequestRecord): Attributes => ({
  'gen_ai.usage.input_tokens': record.input_tokens,
  'gen_ai.usage.output_tokens': record.output_tokens,
  'gen_ai.usage.cache_read.input_tokens': record.cache_read_tokens,
  'gen_ai.usage.cache_creation.input_tokens': record.cache_write_tokens,
  'gen_ai.usage.reasoning.output_tokens': record.reasoning_tokens,
});

/** What the answer said, on the request's span and on the span of the call that gave it. */
const responseAttributes = (record: RequestRecord, responseId: string | undefined): Attributes => ({
  ...(responseId !== undefined && { 'gen_ai.response.id': responseId }),
  ...(record.model !== null && { 'gen_ai.response.model': record.model }),
  ...(record.finish_reason !== null && {
    'gen_ai.response.finish_reasons': [record.finish_reason],
  }),
  ...usageAttributes(record),
});

function endAttributes(record: RequestRecord, responseId: string | undefined): Attributes {
  return {
    ...(record.selected_provider !== null && providerAttributes(record.selected_provider)),
    ...responseAttributes(record, responseId),
    ...(record.error_kind !== null && { 'error.type': record.error_kind }),
    'llmux.cost_usd': record.cost_usd,
    'llmux.cache_hit': record.cache_hit,
    'llmux.attempts': record.attempts,
    'llmux.failover_attempts': record.failover_attempts,
    ...(record.route_reason !== null && { 'llmux.route_reason': record.route_reason }),
  };
}

export interface TracingOptions {
  /** Default: the tracer provider registered globally. */
  tracer?: Tracer;
  /** The base URL each provider call went to, for `server.address` and `server.port`. */
  serverOf?: ServerOf;
}

export interface Tracing {
  readonly observer: Observer;
  /**
   * Runs a provider call in its span's context, so the spans it makes (an HTTP instrumentation's
   * client span) are children of the call's span, not traces of their own: give it to the stack.
   */
  readonly runAttempt: AttemptRunner;
}

/**
 * OpenTelemetry spans from the stack's events, following the GenAI semantic conventions: a
 * `chat` (or `embeddings`) span per request and a child `chat {model}` client span per provider
 * call, with provider, endpoint, models, settings, token usage, finish reasons and `error.type`.
 * Spans go to the tracer given, or to whatever tracer provider is registered globally (none: they
 * cost next to nothing).
 */
export function createTracing(options: TracingOptions = {}): Tracing {
  const tracer = options.tracer ?? trace.getTracer('@llmux/gateway');
  const { serverOf } = options;
  const requests = new Map<string, RequestSpans>();
  const spansOf = (requestId: string | undefined) =>
    requestId === undefined ? undefined : requests.get(requestId);

  const startRequest = (event: Extract<LlmuxEvent, { type: 'request-start' }>) => {
    const { metadata } = event;
    const operation = operationName(event.operation);
    const span = tracer.startSpan(operation, {
      kind: SpanKind.CLIENT,
      startTime: event.at,
      attributes: {
        'gen_ai.operation.name': operation,
        ...settingsAttributes(event.settings),
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
    if (span.isRecording()) {
      requests.set(event.requestId, {
        span,
        operation,
        settings: event.settings,
        attempts: new Map(),
      });
    }
  };

  const startAttempt = (event: Extract<LlmuxEvent, { type: 'attempt-start' }>) => {
    const spans = spansOf(event.requestId);
    if (!spans) return;
    const attempt = tracer.startSpan(
      `${spans.operation} ${event.model}`,
      {
        kind: SpanKind.CLIENT,
        startTime: event.at,
        attributes: {
          'gen_ai.operation.name': spans.operation,
          ...providerAttributes(event.provider),
          'gen_ai.request.model': event.model,
          ...settingsAttributes(spans.settings),
          ...serverAttributes(serverOf?.(event)),
          'llmux.attempt': event.attempt,
          ...(event.deployment !== undefined && { 'llmux.deployment': event.deployment }),
        },
      },
      trace.setSpan(ROOT_CONTEXT, spans.span),
    );
    spans.attempts.set(attemptKey(event), attempt);
  };

  const endAttempt = (event: Extract<LlmuxEvent, { type: 'attempt-end' }>) => {
    const { record } = event;
    const spans = spansOf(event.requestId);
    const attempt = spans?.attempts.get(attemptKey(record));
    if (!spans || !attempt) return;
    spans.attempts.delete(attemptKey(record));
    const endTime = record.startedAt + record.latencyMs;
    if (record.outcome === 'success') {
      spans.answered = { span: attempt, endTime };
      return;
    }
    attempt.setAttribute('error.type', record.errorKind ?? 'error');
    if (record.status !== undefined) {
      attempt.setAttribute('http.response.status_code', record.status);
    }
    attempt.setStatus({ code: SpanStatusCode.ERROR, message: record.errorKind });
    attempt.end(endTime);
  };

  const endRequest = (event: Extract<LlmuxEvent, { type: 'request-end' }>) => {
    const { record, responseId } = event;
    const spans = requests.get(record.request_id);
    if (!spans) return;
    requests.delete(record.request_id);
    const endTime = Date.parse(record.timestamp) + record.latency_ms;
    for (const attempt of spans.attempts.values()) attempt.end(endTime);
    if (spans.answered) {
      spans.answered.span.setAttributes(responseAttributes(record, responseId));
      spans.answered.span.end(spans.answered.endTime);
    }
    spans.span.setAttributes(endAttributes(record, responseId));
    if (record.error_kind !== null) {
      spans.span.setStatus({ code: SpanStatusCode.ERROR, message: record.error_kind });
    }
    spans.span.end(endTime);
  };

  const observer: Observer = (event) => {
    switch (event.type) {
      case 'request-start':
        startRequest(event);
        return;
      case 'route': {
        const spans = spansOf(event.requestId);
        const first = event.plan[0];
        if (!spans || !first) return;
        spans.span.updateName(`${spans.operation} ${first.model}`);
        spans.span.setAttributes({
          'gen_ai.request.model': first.model,
          'llmux.route_reason': event.reason,
        });
        return;
      }
      case 'attempt-start':
        startAttempt(event);
        return;
      case 'attempt-end':
        endAttempt(event);
        return;
      case 'request-end':
        endRequest(event);
        return;
      default:
        return;
    }
  };

  const runAttempt: AttemptRunner = (event, call) => {
    const span = spansOf(event.requestId)?.attempts.get(attemptKey(event));
    return span ? context.with(trace.setSpan(context.active(), span), call) : call();
  };

  return { observer, runAttempt };
}

/** The observer of `createTracing`, for a stack that does not take `runAttempt`. */
export const createTracingObserver = (options: TracingOptions = {}): Observer =>
  createTracing(options).observer;
