import type { Clock } from './clock.js';
import type { IdGenerator } from './ids.js';
import { emit, type Observer, type RequestSettings } from './observer.js';
import type { RequestMetadata } from './request.js';
import { buildRequestRecord, type RecordInput, type RequestRecord } from './request-record.js';

export interface RequestEventsContext {
  observer: Observer;
  clock: Clock;
  ids: IdGenerator;
}

/** How a request ended, for its record: its answer or its error. */
export type RequestOutcome = Pick<RecordInput, 'response' | 'error' | 'timeToFirstTokenMs'>;

/**
 * Starts a request as the outermost layer sees it: gives it an id (unless its metadata has one),
 * reports `request-start`, and returns `end`, which reports `request-end` with the full record.
 */
export function startRequestEvents(
  context: RequestEventsContext,
  given: RequestMetadata | undefined,
  kind: { streamed: boolean; operation: RequestRecord['operation']; settings?: RequestSettings },
) {
  const { observer, clock, ids } = context;
  const requestId = given?.requestId ?? ids();
  const metadata = { ...given, requestId };
  const startedAt = clock.now();
  const { streamed, operation, settings } = kind;
  emit(observer, {
    type: 'request-start',
    requestId,
    at: startedAt,
    streamed,
    metadata,
    ...(operation === 'embed' && { operation }),
    ...(settings && { settings }),
  });
  const end = (outcome: RequestOutcome) => {
    const responseId = outcome.response?.id;
    emit(observer, {
      type: 'request-end',
      record: buildRequestRecord({
        requestId,
        startedAt,
        latencyMs: clock.now() - startedAt,
        streamed,
        operation,
        metadata,
        ...outcome,
      }),
      ...(responseId !== undefined && { responseId }),
    });
  };
  return { requestId, metadata, startedAt, end };
}
