import { type BatchCounters, emptyBatchCounters } from './batch-counters.js';

/** What a simulator received and how it answered, for tests to assert against. */
export interface SimulatorCounters {
  /** Every call to a known route, answered or not. */
  requests: number;
  /** Calls that asked for a stream. */
  streamed: number;
  /** Responses by HTTP status (a reset or a hang has none). */
  byStatus: Record<number, number>;
  /** Tokens of answered generate calls. */
  inputTokens: number;
  outputTokens: number;
  /** Calls being handled right now. */
  inFlight: number;
  peakConcurrency: number;
  /** Calls failed by an injected fault or the outage switch. */
  faults: number;
  /** Calls refused by the configured requests- or tokens-per-minute limits. */
  rateLimited: number;
  /** The batch APIs: batches created and ended, their items, the tokens of those answered. */
  batches: BatchCounters;
}

export const emptyCounters = (): SimulatorCounters => ({
  requests: 0,
  streamed: 0,
  byStatus: {},
  inputTokens: 0,
  outputTokens: 0,
  inFlight: 0,
  peakConcurrency: 0,
  faults: 0,
  rateLimited: 0,
  batches: emptyBatchCounters(),
});

/** Zeroes counters in place, so references tests hold stay live; calls in flight still count. */
export function resetCounters(counters: SimulatorCounters): void {
  const { inFlight } = counters;
  Object.assign(counters, emptyCounters(), { inFlight, peakConcurrency: inFlight });
}
