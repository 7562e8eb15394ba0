import type { LlmuxEvent, Observer, RequestRecord } from '@llmux/core';

/** What the scenario counts of the stack's events, beside the request records. */
export interface EventTally {
  records: RequestRecord[];
  rateLimit: {
    /** Calls the limiter refused (it refuses at once: the scenario runs it fail-fast). */
    refused: number;
    /** Scenario milliseconds failover waited before retrying a rate-limited call. */
    retryWaits: number[];
    /** Times failover moved a rate-limited request on to another model. */
    movedOn: number;
  };
  /** Requests the limiter refused at least once, by request id. */
  rateLimitedRequests: Set<string>;
  retries: number;
  /** Circuits opened, by key (`anthropic:claude-haiku-4-5`), and how often. */
  circuitsOpened: Map<string, number>;
}

/** An observer that keeps every request record and counts limits, retries and circuits. */
export function createEventTally(): { tally: EventTally; observer: Observer } {
  const tally: EventTally = {
    records: [],
    rateLimit: { refused: 0, retryWaits: [], movedOn: 0 },
    rateLimitedRequests: new Set(),
    retries: 0,
    circuitsOpened: new Map(),
  };
  const observer = (event: LlmuxEvent) => {
    switch (event.type) {
      case 'request-end':
        tally.records.push(event.record);
        break;
      case 'rate-limit':
        if (event.outcome !== 'rejected') break;
        tally.rateLimit.refused++;
        if (event.requestId !== undefined) tally.rateLimitedRequests.add(event.requestId);
        break;
      case 'retry':
        tally.retries++;
        if (event.errorKind === 'rate_limited') tally.rateLimit.retryWaits.push(event.delayMs);
        break;
      case 'failover':
        if (event.errorKind === 'rate_limited') tally.rateLimit.movedOn++;
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
