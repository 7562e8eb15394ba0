import { describe, expect, it } from 'vitest';
import { requestRecord } from '../report/test-records.js';
import { createEventTally, NOTICEABLE_WAIT_MS } from './event-tally.js';

describe('createEventTally', () => {
  it('keeps records and counts noticeable waits, refusals, retries, failovers and circuits', () => {
    const { tally, observer } = createEventTally();
    const record = requestRecord();
    observer({ type: 'request-end', record });
    const limit = { type: 'rate-limit', scope: 'model anthropic/claude-haiku-4-5' } as const;
    observer({ ...limit, requestId: 'a', outcome: 'waited', waitMs: NOTICEABLE_WAIT_MS - 1 });
    observer({ ...limit, requestId: 'b', outcome: 'waited', waitMs: 1_200 });
    observer({ ...limit, requestId: 'c', outcome: 'rejected' });
    observer({ ...limit, outcome: 'paused', waitMs: 1_000 });
    const haiku = { provider: 'anthropic', model: 'claude-haiku-4-5', reason: '' };
    const gpt = { provider: 'openai', model: 'gpt-5', reason: '' };
    observer({
      type: 'retry',
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
      attempt: 1,
      delayMs: 100,
      errorKind: 'overloaded',
    });
    observer({ type: 'failover', from: haiku, to: gpt, errorKind: 'overloaded' });
    const circuit = { type: 'circuit', key: 'anthropic:claude-haiku-4-5', at: 0 } as const;
    observer({ ...circuit, from: 'closed', to: 'open' });
    observer({ ...circuit, from: 'open', to: 'half-open' });
    observer({ ...circuit, from: 'half-open', to: 'open' });
    expect(tally.records).toEqual([record]);
    expect(tally.rateLimit).toEqual({ waits: [1_200], rejected: 1, paused: 1 });
    expect([...tally.rateLimitedRequests]).toEqual(['b', 'c']);
    expect(tally.retries).toBe(1);
    expect(tally.failovers).toBe(1);
    expect(tally.circuitsOpened).toEqual(new Map([['anthropic:claude-haiku-4-5', 2]]));
  });
});
