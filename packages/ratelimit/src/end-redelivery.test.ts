import { createManualClock } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { createEndRedelivery } from './end-redelivery.js';
import type { Settlement } from './rate-limit-store.js';

const end = (id: string): Settlement => ({
  now: 0,
  id,
  ttlMs: 5_000,
  windows: [],
  budgets: [],
  leases: ['c'],
});

/** A store connection that is up or down, and whether a failed send went out first. */
const setup = () => {
  const clock = createManualClock(0);
  const sends: Array<{ id: string; direct: boolean }> = [];
  const link = { up: false, wentOut: false };
  const redelivery = createEndRedelivery({
    clock,
    send: (settlement, direct) => {
      sends.push({ id: settlement.id, direct });
      const sent = link.up || link.wentOut;
      return {
        done: link.up ? Promise.resolve() : Promise.reject(new Error('down')),
        sent: () => sent,
      };
    },
  });
  return { clock, sends, link, redelivery };
};

describe('createEndRedelivery', () => {
  it('keeps an end that could not be sent and sends it again once the store answers', async () => {
    const { sends, link, redelivery } = setup();
    await expect(redelivery.deliver(end('a'))).rejects.toThrow('down');
    expect(redelivery.size).toBe(1);
    link.up = true;
    redelivery.retry();
    await Promise.resolve();
    await Promise.resolve();
    expect(redelivery.size).toBe(0);
    expect(sends).toEqual([
      { id: 'a', direct: false },
      { id: 'a', direct: false },
    ]);
  });

  it('sends an abandonment at once, past the breaker, and keeps it only while its reserve matters', async () => {
    const { clock, sends, link, redelivery } = setup();
    link.wentOut = true;
    redelivery.abandon(end('late'), 0);
    await Promise.resolve();
    expect(sends).toEqual([{ id: 'late', direct: true }]);
    expect(redelivery.size).toBe(1);
    // A lease after the reserve was made, what it took has lapsed: not sent again.
    await clock.advance(5_001);
    link.up = true;
    redelivery.retry();
    expect(redelivery.size).toBe(0);
    expect(sends).toHaveLength(1);
  });

  it('keeps an end that never went out for as long as it takes', async () => {
    const { clock, link, redelivery } = setup();
    await redelivery.deliver(end('a')).catch(() => undefined);
    await clock.advance(3_600_000);
    redelivery.retry();
    await Promise.resolve();
    expect(redelivery.size).toBe(1);
    link.up = true;
    redelivery.retry();
    await Promise.resolve();
    await Promise.resolve();
    expect(redelivery.size).toBe(0);
  });
});
