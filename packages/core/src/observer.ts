import type { ErrorKind } from './errors.js';
import type { GenerateRequest, RequestMetadata } from './request.js';
import type { RequestRecord } from './request-record.js';
import type { AttemptRecord, RouteCandidate } from './response.js';

export type CircuitState = 'closed' | 'open' | 'half-open';

/** Everything the layers report. A library never prints; the app decides what to do with these. */
export type LlmuxEvent =
  | {
      type: 'request-start';
      requestId: string;
      at: number;
      streamed: boolean;
      metadata: RequestMetadata;
      /** Set for an embedding request; absent for a generate or stream. */
      operation?: 'embed';
      /** The sampling settings the request set (a generate or stream), for traces. */
      settings?: RequestSettings;
    }
  | { type: 'route'; requestId?: string; reason: string; plan: RouteCandidate[] }
  | {
      type: 'attempt-start';
      requestId?: string;
      provider: string;
      model: string;
      deployment?: string;
      attempt: number;
      at: number;
    }
  | { type: 'attempt-end'; requestId?: string; record: AttemptRecord }
  | {
      type: 'retry';
      requestId?: string;
      provider: string;
      model: string;
      deployment?: string;
      attempt: number;
      delayMs: number;
      errorKind: ErrorKind;
    }
  | {
      type: 'failover';
      requestId?: string;
      from: RouteCandidate;
      to: RouteCandidate;
      errorKind: ErrorKind;
    }
  | { type: 'circuit'; key: string; from: CircuitState; to: CircuitState; at: number }
  | {
      type: 'hedge';
      requestId?: string;
      provider: string;
      model: string;
      deployment?: string;
      afterMs: number;
    }
  | {
      type: 'health-check';
      provider: string;
      model: string;
      deployment?: string;
      ok: boolean;
      latencyMs: number;
      at: number;
    }
  | {
      type: 'cache';
      requestId?: string;
      outcome: 'hit' | 'miss' | 'store' | 'coalesced' | 'unavailable';
      savedCostUsd?: number;
    }
  | {
      type: 'rate-limit';
      requestId?: string;
      scope: string;
      outcome: 'waited' | 'rejected' | 'paused';
      waitMs?: number;
    }
  | {
      /** A shared store (Redis) stopped answering, and layers went on without it, or it is back. */
      type: 'store';
      store: string;
      state: 'down' | 'up';
      at: number;
      /** Why it is down; never a credential. */
      detail?: string;
    }
  | {
      type: 'request-end';
      record: RequestRecord;
      /** The id of the answer (the provider's, e.g. `chatcmpl-…`, `msg_…`), when there is one. */
      responseId?: string;
    };

export type LlmuxEventType = LlmuxEvent['type'];

/** The settings of a request that shape its answer, as `request-start` reports them. */
export type RequestSettings = Pick<
  GenerateRequest,
  | 'maxOutputTokens'
  | 'temperature'
  | 'topP'
  | 'topK'
  | 'stopSequences'
  | 'seed'
  | 'frequencyPenalty'
  | 'presencePenalty'
>;

export type AttemptStartEvent = Extract<LlmuxEvent, { type: 'attempt-start' }>;

/**
 * Runs one provider call, right after its `attempt-start` was reported: a tracer wraps it so
 * that what the call does (the SDK's HTTP request, and its spans) happens in the attempt's context.
 */
export type AttemptRunner = <T>(attempt: AttemptStartEvent, call: () => T) => T;

export type Observer = (event: LlmuxEvent) => void;

/**
 * Calls the observer, if any; an observer that throws never breaks a request. A layer that
 * reports one kind of event may take an observer of that kind alone (`(event: CacheEvent) => void`).
 */
export const emit = <E extends LlmuxEvent>(
  observer: ((event: E) => void) | undefined,
  event: E,
): void => {
  if (!observer) return;
  try {
    observer(event);
  } catch {
    // Observers are the app's code; their failures are theirs to report.
  }
};

/** Fans one event out to several observers. */
export const combineObservers =
  (...observers: Array<Observer | undefined>): Observer =>
  (event) => {
    for (const observer of observers) emit(observer, event);
  };
