import { describe, expect, it } from 'vitest';
import { rememberKeys } from './recent-keys.js';

describe('rememberKeys', () => {
  it('computes the key of a text once, then gives the same one', () => {
    let calls = 0;
    const keyOf = rememberKeys((text: string, more: number) => `${text}:${more}:${++calls}`);
    expect(keyOf('a', 1)).toBe('a:1:1');
    expect(keyOf(['a'].join(''), 1)).toBe('a:1:1');
    expect(keyOf('b', 2)).toBe('b:2:2');
    expect(calls).toBe(2);
  });

  it('gives each of many texts its own key, remembered or not', () => {
    const keyOf = rememberKeys((text: string) => `key of ${text}`);
    const texts = Array.from({ length: 5000 }, (_, i) => `{"q":"question ${i}"}`);
    for (const text of [...texts, ...texts]) expect(keyOf(text, undefined)).toBe(`key of ${text}`);
  });

  it('does not keep a text too long to hold', () => {
    let calls = 0;
    const keyOf = rememberKeys((text: string) => `${text.length}:${++calls}`);
    const long = 'x'.repeat(5000);
    keyOf(long, undefined);
    keyOf(long, undefined);
    expect(calls).toBe(2);
  });
});
