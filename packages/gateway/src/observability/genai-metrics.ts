import type { AttemptRecord, Observer, RequestRecord } from '@llmux/core';
import { type Attributes, type Meter, metrics } from '@opentelemetry/api';
import {
  operationName,
  providerName,
  type ServerOf,
  serverAttributes,
} from './genai-attributes.js';

/** The conventions' advised bucket boundaries for `gen_ai.client.token.usage`. */
export const TOKEN_USAGE_BUCKETS = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];
/** The conventions' advised bucket boundaries for `gen_ai.client.operation.duration`, seconds. */
export const OPERATION_DURATION_BUCKETS = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];

export interface GenAiMetricsOptions {
  /** Default: the meter provider registered globally. */
  meter?: Meter;
  /** The base URL each provider call went to, for `server.address` and `server.port`. */
  serverOf?: ServerOf;
}

/**
 * The GenAI semantic conventions' client metrics, one measurement per provider call: its
 * duration (`gen_ai.client.operation.duration`, with `error.type` when it failed) and, for the
 * call that answered, its input and output tokens (`gen_ai.client.token.usage`). A response-cache
 * hit made no call and records nothing.
 */
export function createGenAiMetrics(options: GenAiMetricsOptions = {}): { observer: Observer } {
  const meter = options.meter ?? metrics.getMeter('@llmux/gateway');
  const duration = meter.createHistogram('gen_ai.client.operation.duration', {
    description: 'GenAI operation duration.',
    unit: 's',
    advice: { explicitBucketBoundaries: OPERATION_DURATION_BUCKETS },
  });
  const tokens = meter.createHistogram('gen_ai.client.token.usage', {
    description: 'Number of input and output tokens used.',
    unit: '{token}',
    advice: { explicitBucketBoundaries: TOKEN_USAGE_BUCKETS },
  });
  /** Each request's operation, from its start to its end. */
  const operations = new Map<string, string>();

  const callAttributes = (operation: string, call: AttemptRecord): Attributes => ({
    'gen_ai.operation.name': operation,
    'gen_ai.provider.name': providerName(call.provider),
    'gen_ai.request.model': call.model,
    ...serverAttributes(options.serverOf?.(call)),
  });

  const recordTokens = (record: RequestRecord, operation: string) => {
    const answered = record.attempt_log.findLast((a) => a.outcome === 'success');
    if (!answered || record.cache_hit || record.error_kind !== null) return;
    const attributes = {
      ...callAttributes(operation, answered),
      ...(record.model !== null && { 'gen_ai.response.model': record.model }),
    };
    tokens.record(record.input_tokens, { ...attributes, 'gen_ai.token.type': 'input' });
    if (record.operation === 'generate') {
      tokens.record(record.output_tokens, { ...attributes, 'gen_ai.token.type': 'output' });
    }
  };

  const observer: Observer = (event) => {
    if (event.type === 'request-start') {
      operations.set(event.requestId, operationName(event.operation));
    } else if (event.type === 'attempt-end') {
      const { record } = event;
      const operation = operations.get(event.requestId ?? '') ?? 'chat';
      duration.record(record.latencyMs / 1000, {
        ...callAttributes(operation, record),
        ...(record.outcome === 'error'
          ? { 'error.type': record.errorKind ?? 'error' }
          : { 'gen_ai.response.model': record.model }),
      });
    } else if (event.type === 'request-end') {
      const { record } = event;
      const operation = operations.get(record.request_id) ?? operationName(record.operation);
      operations.delete(record.request_id);
      recordTokens(record, operation);
    }
  };
  return { observer };
}
