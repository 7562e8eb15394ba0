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

  it('holds only what the window covers, though no limit is ever read', async () => {
    const clock = createManualClock(0);
    const window = createRateWindow(clock, 1000);
    for (let ms = 0; ms < 100_000; ms += 10) {
      window.add(1);
      window.add(2); // the same millisecond: one entry
      await clock.advance(10);
    }
    // Now is 100,000: the entries after 99,000 are live.
    expect(window.used()).toBe(297);
    expect(window.size()).toBe(99);
  });

  it('says when room comes back after old entries have left', async () => {
    const clock = createManualClock(0);
    const window = createRateWindow(clock, 1000);
    for (let ms = 0; ms < 5000; ms += 100) {
      window.add(1);
      await clock.advance(100);
    }
    // Now is 5000: the entries at 4100..4900 are live.
    expect(window.used()).toBe(9);
    expect(window.msUntilRoom(1, 10)).toBe(0);
    expect(window.msUntilRoom(2, 10)).toBe(100);
    expect(window.msUntilRoom(3, 10)).toBe(200);
  });

  it('clears', () => {
    const window = createRateWindow(createManualClock(0));
    window.add(7);
    window.clear();
    expect(window.used()).toBe(0);
  });
});
