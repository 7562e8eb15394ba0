import type { Clock } from './clock.js';
import type { IdGenerator } from './ids.js';
import { emit, type Observer, type RequestSettings } from './observer.js';
import type { RequestMetadata } from './request.js';
import { buildRequestRecord, type RecordInput, type RequestRecord } from './request-record.js';

export interface RequestEventsContext {
  /** None: the request still gets its id, but no event or record is built. */
  observer: Observer | undefined;
  clock: Clock;
  ids: IdGenerator;
}

const withSettings = (settings: RequestSettings | undefined) => (settings ? { settings } : {});

/** How a request ended, for its record: its answer or its error. */
export type RequestOutcome = Pick<RecordInput, 'response' | 'error' | 'timeToFirstTokenMs'>;

/** `end` without an observer: there is nobody to tell. */
const untold = (_outcome: RequestOutcome) => {};

/**
 * Starts a request as the outermost layer sees it: gives it an id (unless its metadata has one),
 * reports `request-start`, and returns `end`, which reports `request-end` with the full record,
 * and when it started (`undefined` without an observer).
 */
export function startRequestEvents(
  context: RequestEventsContext,
  given: RequestMetadata | undefined,
  kind: {
    streamed: boolean;
    operation: RequestRecord['operation'];
    /** Read only when there is an observer to tell. */
    settings?: () => RequestSettings | undefined;
  },
) {
  const { observer, clock, ids } = context;
  const requestId = given?.requestId ?? ids();
  const metadata = { ...given, requestId };
  // Without an observer nothing is reported or timed: nobody would read it.
  if (!observer) return { requestId, metadata, startedAt: undefined, end: untold };
  const startedAt = clock.now();
  const { streamed, operation, settings } = kind;
  emit(observer, {
    type: 'request-start',
    requestId,
    at: startedAt,
    streamed,
    metadata,
    ...(operation === 'embed' && { operation }),
    ...withSettings(settings?.()),
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
