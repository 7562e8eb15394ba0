import { createManualClock } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { Watchdog } from './watchdog.js';

describe('Watchdog', () => {
  it('expires once, at the deadline', async () => {
    const clock = createManualClock(1000);
    const fired: number[] = [];
    const dog = new Watchdog(clock, () => fired.push(clock.now()));
    dog.arm(100);
    await clock.advance(99);
    expect(fired).toEqual([]);
    await clock.advance(1);
    expect(fired).toEqual([1100]);
    expect(clock.pending()).toBe(0);
  });

  it('moves a later deadline without a new sleep per move, and re-sleeps the rest', async () => {
    const clock = createManualClock(0);
    const fired: number[] = [];
    const dog = new Watchdog(clock, () => fired.push(clock.now()));
    dog.arm(100);
    for (let t = 0; t < 5; t++) {
      await clock.advance(50);
      dog.arm(100);
      expect(clock.pending()).toBe(1);
    }
    await clock.advance(100);
    expect(fired).toEqual([350]);
  });

  it('moves an earlier deadline at once', async () => {
    const clock = createManualClock(0);
    const fired: number[] = [];
    const dog = new Watchdog(clock, () => fired.push(clock.now()));
    dog.arm(1000);
    dog.arm(10);
    expect(clock.pending()).toBe(1);
    await clock.advance(10);
    expect(fired).toEqual([10]);
    expect(clock.pending()).toBe(0);
  });

  it('does not expire when disarmed, and leaves nothing when closed', async () => {
    const clock = createManualClock(0);
    let fired = 0;
    const dog = new Watchdog(clock, () => fired++);
    dog.arm(100);
    dog.disarm();
    await clock.advance(200);
    expect(fired).toBe(0);
    dog.arm(100);
    dog.close();
    expect(clock.pending()).toBe(0);
    await clock.advance(200);
    expect(fired).toBe(0);
  });
});
