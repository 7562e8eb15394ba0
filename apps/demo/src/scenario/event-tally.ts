import type { LlmuxEvent, Observer, RequestRecord } from '@llmux/core';

/**
 * Waits shorter than this are the limiter's own bookkeeping, not a wait for room; under a
 * sped-up clock that bookkeeping reads as tens of milliseconds.
 */
export const NOTICEABLE_WAIT_MS = 250;

/** What the scenario counts of the stack's events, beside the request records. */
export interface EventTally {
  records: RequestRecord[];
  rateLimit: {
    /** Scenario milliseconds each noticeable wait for room lasted. */
    waits: number[];
    /** Calls refused (no room within the longest wait), which fail over. */
    rejected: number;
    /** Pauses after a provider said it was out of allowance. */
    paused: number;
  };
  /** Requests that waited noticeably or were refused, by request id. */
  rateLimitedRequests: Set<string>;
  retries: number;
  failovers: number;
  /** Circuits opened, by key (`anthropic:claude-haiku-4-5`), and how often. */
  circuitsOpened: Map<string, number>;
}

/** An observer that keeps every request record and counts limits, retries and circuits. */
export function createEventTally(): { tally: EventTally; observer: Observer } {
  const tally: EventTally = {
    records: [],
    rateLimit: { waits: [], rejected: 0, paused: 0 },
    rateLimitedRequests: new Set(),
    retries: 0,
    failovers: 0,
    circuitsOpened: new Map(),
  };
  const limited = (requestId: string | undefined) => {
    if (requestId !== undefined) tally.rateLimitedRequests.add(requestId);
  };
  const observer = (event: LlmuxEvent) => {
    switch (event.type) {
      case 'request-end':
        tally.records.push(event.record);
        break;
      case 'rate-limit':
        if (event.outcome === 'rejected') {
          tally.rateLimit.rejected++;
          limited(event.requestId);
        } else if (event.outcome === 'paused') {
          tally.rateLimit.paused++;
        } else if ((event.waitMs ?? 0) >= NOTICEABLE_WAIT_MS) {
          tally.rateLimit.waits.push(event.waitMs!);
          limited(event.requestId);
        }
        break;
      case 'retry':
        tally.retries++;
        break;
      case 'failover':
        tally.failovers++;
        break;
      case 'circuit':
        if (event.to === 'open' && event.from !== 'open') {
          tally.circuitsOpened.set(event.key, (tally.circuitsOpened.get(event.key) ?? 0) + 1);
        }
        break;
    }
  };
  return { tally, observer };
}
