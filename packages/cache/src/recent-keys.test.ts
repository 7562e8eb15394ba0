import { describe, expect, it } from 'vitest';
import { rememberKeys } from './recent-keys.js';

describe('rememberKeys', () => {
  it('computes the key of a text once, then gives the same one', () => {
    let calls = 0;
    const keyOf = rememberKeys((text: string, more: number) => `${text}:${more}:${++calls}`);
    expect(keyOf('a', 1)).toBe('a:1:1');
    expect(keyOf(`${'a'}`, 1)).toBe('a:1:1');
    expect(keyOf('b', 2)).toBe('b:2:2');
    expect(calls).toBe(2);
  });

  it('forgets the oldest texts beyond its bound, and keeps none too long to hold', () => {
    let calls = 0;
    const keyOf = rememberKeys((text: string) => `${text.length}:${++calls}`);
    const long = 'x'.repeat(2 ** 15);
    keyOf(long, undefined);
    keyOf(long, undefined);
    expect(calls).toBe(2);
    const texts = Array.from({ length: 80 }, (_, i) => `${i}`.padEnd(2 ** 14, '.'));
    for (const text of texts) keyOf(text, undefined);
    expect(calls).toBe(82);
    keyOf(texts[79]!, undefined);
    expect(calls).toBe(82);
    keyOf(texts[0]!, undefined);
    expect(calls).toBe(83);
  });
});
