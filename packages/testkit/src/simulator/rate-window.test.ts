import { createManualClock } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { createRateWindow } from './rate-window.js';

describe('createRateWindow', () => {
  it('forgets amounts once they are older than the window', async () => {
    const clock = createManualClock(0);
    const window = createRateWindow(clock, 1000);
    window.add(3);
    await clock.advance(400);
    window.add(2);
    expect(window.used()).toBe(5);
    await clock.advance(600);
    expect(window.used()).toBe(2);
    await clock.advance(400);
    expect(window.used()).toBe(0);
  });

  it('says how long until an amount fits: when enough old entries have left', async () => {
    const clock = createManualClock(0);
    const window = createRateWindow(clock, 1000);
    window.add(3);
    await clock.advance(400);
    window.add(2);
    expect(window.msUntilRoom(5, 10)).toBe(0);
    expect(window.msUntilRoom(6, 10)).toBe(600);
    expect(window.msUntilRoom(9, 10)).toBe(1000);
    expect(window.msUntilRoom(11, 10)).toBe(1000);
  });

  it('clears', () => {
    const window = createRateWindow(createManualClock(0));
    window.add(7);
    window.clear();
    expect(window.used()).toBe(0);
  });
});
