import { describe, expect, it } from 'vitest';
import { pruneAndSum, waitForRoom, windowShape } from './sliding-window.js';

describe('sliding window', () => {
  it('counts at least a whole window back from any moment', () => {
    for (const windowMs of [1, 7, 1_000, 60_000, 86_400_000, 123_457]) {
      const { slotMs, span } = windowShape(windowMs);
      // The counted slots start at least windowMs before the start of the current slot's end.
      expect((span - 1) * slotMs).toBeGreaterThanOrEqual(windowMs);
      expect(span).toBeLessThanOrEqual(62);
    }
  });

  it('forgets slots that no longer count', () => {
    const shape = windowShape(60_000);
    const slots = new Map([
      [100, 5],
      [150, 2],
      [160, 1],
    ]);
    // At 160.5 s the current slot is 160 and the 61 counted slots go back to slot 100.
    expect(pruneAndSum(slots, 160_500, shape)).toBe(8);
    expect(pruneAndSum(slots, 161_000, shape)).toBe(3);
    expect([...slots.keys()]).toEqual([150, 160]);
  });

  it('waits for the oldest slots to free just enough', () => {
    const shape = windowShape(60_000);
    const slots = new Map([
      [100, 5],
      [130, 5],
    ]);
    expect(waitForRoom(slots, 10, 140_000, shape, 12, 2)).toBe(0);
    expect(waitForRoom(slots, 10, 140_000, shape, 12, 3)).toBe(161_000 - 140_000);
    expect(waitForRoom(slots, 10, 140_000, shape, 12, 8)).toBe(191_000 - 140_000);
    // More than the limit never fits: a whole window.
    expect(waitForRoom(slots, 10, 140_000, shape, 12, 13)).toBe(61_000);
  });
});
