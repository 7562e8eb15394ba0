import { describe, expect, it } from 'vitest';
import { requestRecord } from '../report/test-records.js';
import { createEventTally } from './event-tally.js';

describe('createEventTally', () => {
  it('keeps records and counts refusals, what failover did with them, retries and circuits', () => {
    const { tally, observer } = createEventTally();
    const record = requestRecord();
    observer({ type: 'request-end', record });
    const limit = { type: 'rate-limit', scope: 'model anthropic/claude-haiku-4-5' } as const;
    observer({ ...limit, requestId: 'a', outcome: 'rejected' });
    observer({ ...limit, requestId: 'a', outcome: 'rejected' });
    observer({ ...limit, requestId: 'b', outcome: 'rejected' });
    observer({ ...limit, requestId: 'c', outcome: 'paused', waitMs: 1_000 });
    const retry = {
      type: 'retry',
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
      attempt: 1,
    } as const;
    observer({ ...retry, delayMs: 2_500, errorKind: 'rate_limited' });
    observer({ ...retry, delayMs: 150, errorKind: 'overloaded' });
    const haiku = { provider: 'anthropic', model: 'claude-haiku-4-5', reason: '' };
    const gpt = { provider: 'openai', model: 'gpt-5', reason: '' };
    observer({ type: 'failover', from: haiku, to: gpt, errorKind: 'rate_limited' });
    observer({ type: 'failover', from: haiku, to: gpt, errorKind: 'overloaded' });
    const circuit = { type: 'circuit', key: 'anthropic:claude-haiku-4-5', at: 0 } as const;
    observer({ ...circuit, from: 'closed', to: 'open' });
    observer({ ...circuit, from: 'open', to: 'half-open' });
    observer({ ...circuit, from: 'half-open', to: 'open' });

    expect(tally.records).toEqual([record]);
    expect(tally.rateLimit).toEqual({ refused: 3, retryWaits: [2_500], movedOn: 1 });
    expect([...tally.rateLimitedRequests]).toEqual(['a', 'b']);
    expect(tally.retries).toBe(2);
    expect(tally.circuitsOpened).toEqual(new Map([['anthropic:claude-haiku-4-5', 2]]));
  });
});
