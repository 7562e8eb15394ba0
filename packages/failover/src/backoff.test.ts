import { describe, expect, it } from 'vitest';
import { exponentialBackoff } from './backoff.js';

describe('exponentialBackoff', () => {
  it('doubles the ceiling per retry, up to the cap', () => {
    const backoff = exponentialBackoff({ baseMs: 100, capMs: 1000, random: () => 0.999999 });
    expect([1, 2, 3, 4, 5, 10].map((n) => Math.round(backoff(n)))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });

  it('draws the delay uniformly from zero to the ceiling (full jitter)', () => {
    const draws = [0, 0.25, 0.5];
    const backoff = exponentialBackoff({
      baseMs: 100,
      capMs: 10_000,
      random: () => draws.shift()!,
    });
    expect([backoff(3), backoff(3), backoff(3)]).toEqual([0, 100, 200]);
  });

  it('defaults to a 500 ms base and a 10 s cap', () => {
    const backoff = exponentialBackoff({ random: () => 0.5 });
    expect(backoff(1)).toBe(250);
    expect(backoff(20)).toBe(5000);
  });

  it('rejects bad options, naming the field', () => {
    expect(() => exponentialBackoff({ baseMs: 0 })).toThrow(
      /"backoff\.baseMs": expected a number > 0, got 0/,
    );
    expect(() => exponentialBackoff({ baseMs: 100, capMs: 50 }, 'retry')).toThrow(
      /"retry\.capMs": expected a number >= 100, got 50/,
    );
    expect(() => exponentialBackoff({ random: 0.5 as unknown as () => number })).toThrow(
      expect.objectContaining({ kind: 'invalid_request' }),
    );
  });
});
