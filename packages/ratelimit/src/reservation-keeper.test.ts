import { createManualClock } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { createReservationKeeper } from './reservation-keeper.js';

const setup = () => {
  const clock = createManualClock(0);
  const renewals: Array<{ at: number; ids: string[] }> = [];
  const keeper = createReservationKeeper<{ ttlMs: number }>({
    clock,
    renew: async (live) => {
      renewals.push({ at: clock.now(), ids: [...live.keys()] });
    },
  });
  return { clock, keeper, renewals };
};

describe('createReservationKeeper', () => {
  it('renews every live reservation in one call, at once and then every third of the lease', async () => {
    const { clock, keeper, renewals } = setup();
    keeper.add('a', { ttlMs: 3_000 });
    keeper.add('b', { ttlMs: 3_000 });
    await clock.advance(0);
    await clock.advance(2_500);
    expect(renewals).toEqual([
      { at: 0, ids: ['a', 'b'] },
      { at: 1_000, ids: ['a', 'b'] },
      { at: 2_000, ids: ['a', 'b'] },
    ]);
  });

  it('keeps no timer while nothing is live, and goes at once after an idle spell', async () => {
    const { clock, keeper, renewals } = setup();
    keeper.add('a', { ttlMs: 3_000 });
    await clock.advance(0);
    keeper.remove('a');
    expect(clock.pending()).toBe(0);
    await clock.advance(10_000);
    keeper.add('b', { ttlMs: 3_000 });
    await clock.advance(0);
    expect(renewals.map(({ at }) => at)).toEqual([0, 10_000]);
  });

  it('waits out the interval since the last renewal while busy, and renews soon when told', async () => {
    const { clock, keeper, renewals } = setup();
    keeper.add('a', { ttlMs: 3_000 });
    await clock.advance(0);
    await clock.advance(500);
    keeper.remove('a');
    keeper.add('b', { ttlMs: 3_000 });
    await clock.advance(499);
    expect(renewals).toHaveLength(1);
    await clock.advance(1);
    expect(renewals.at(-1)).toEqual({ at: 1_000, ids: ['b'] });
    await clock.advance(200);
    keeper.renewSoon();
    await clock.advance(0);
    expect(renewals.at(-1)).toEqual({ at: 1_200, ids: ['b'] });
    // The shortest lease sets the pace.
    keeper.add('c', { ttlMs: 300 });
    await clock.advance(100);
    expect(renewals.at(-1)).toEqual({ at: 1_300, ids: ['b', 'c'] });
  });
});
