import { describe, expect, it } from 'vitest';
import { createManualClock } from './clock.js';
import { LlmuxError } from './errors.js';
import { scaledClock } from './scaled-clock.js';

describe('scaledClock', () => {
  it('moves `speed` times faster than its base clock', async () => {
    const base = createManualClock(1_000);
    const clock = scaledClock(10, base);
    expect(clock.now()).toBe(1_000);
    await base.advance(50);
    expect(clock.now()).toBe(1_500);
  });

  it('sleeps a `speed`th of the time', async () => {
    const base = createManualClock();
    const clock = scaledClock(10, base);
    let woke = false;
    const sleeping = clock.sleep(2_000).then(() => {
      woke = true;
    });
    await base.advance(199);
    expect(woke).toBe(false);
    await base.advance(1);
    await sleeping;
    expect(woke).toBe(true);
    expect(clock.now()).toBe(2_000);
  });

  it('passes the abort signal on', async () => {
    const clock = scaledClock(10, createManualClock());
    const controller = new AbortController();
    const sleeping = clock.sleep(1_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('refuses speed %d', (speed) => {
    expect(() => scaledClock(speed)).toThrow(LlmuxError);
  });
});
