import { describe, expect, it } from 'vitest';
import { createManualClock } from './clock.js';
import { withTimeout } from './with-timeout.js';

describe('withTimeout', () => {
  it('settles as the work does when it finishes in time, leaving no timer', async () => {
    const clock = createManualClock();
    await expect(
      withTimeout(Promise.resolve(7), 100, clock, () => new Error('late')),
    ).resolves.toBe(7);
    await expect(
      withTimeout(Promise.reject(new Error('boom')), 100, clock, () => new Error('late')),
    ).rejects.toThrow('boom');
    expect(clock.pending()).toBe(0);
  });

  it('rejects with the timeout error once the time has passed on the clock', async () => {
    const clock = createManualClock();
    const pending = withTimeout(new Promise(() => {}), 100, clock, () => new Error('late'));
    await clock.advance(99);
    let settled = false;
    pending.catch(() => {
      settled = true;
    });
    await clock.advance(0);
    expect(settled).toBe(false);
    await clock.advance(1);
    await expect(pending).rejects.toThrow('late');
  });
});
