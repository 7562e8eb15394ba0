import { describe, expect, it } from 'vitest';
import { formatCount } from './format.js';

describe('formatCount', () => {
  it('groups thousands with commas, rounding to an integer', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999.4)).toBe('999');
    expect(formatCount(1_000)).toBe('1,000');
    expect(formatCount(1_234_567.5)).toBe('1,234,568');
    expect(formatCount(-98_765)).toBe('-98,765');
  });

  it('writes every number as en-US does', () => {
    const odd = [
      -0,
      -0.4,
      0.5,
      2 ** 53 - 1,
      2 ** 53,
      -(2 ** 60),
      1e21,
      1e300,
      Number.NaN,
      Infinity,
    ];
    for (const n of odd) expect(formatCount(n)).toBe(Math.round(n).toLocaleString('en-US'));
    for (let n = -20_000; n < 3_000_000; n += 997) {
      expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
    }
  });
});
