import { LlmuxError } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { rememberKeys } from './recent-keys.js';

describe('rememberKeys', () => {
  it('computes the key of a value once, then gives the same one to an equal value', () => {
    let calls = 0;
    const keyOf = rememberKeys((text: string, more: number) => `${text}:${more}:${++calls}`);
    expect(keyOf({ a: 1, b: ['x'] }, 1)).toBe('{"a":1,"b":["x"]}:1:1');
    expect(keyOf({ b: ['x'], a: 1, c: undefined }, 1)).toBe('{"a":1,"b":["x"]}:1:1');
    expect(keyOf({ a: 2, b: ['x'] }, 2)).toBe('{"a":2,"b":["x"]}:2:2');
    expect(calls).toBe(2);
  });

  it('gives each of many values its own key, remembered or not', () => {
    const keyOf = rememberKeys((text: string) => `key of ${text}`);
    const values = Array.from({ length: 5000 }, (_, i) => ({ q: `question ${i}`, n: i % 7 }));
    for (const value of [...values, ...values]) {
      expect(keyOf(value, undefined)).toBe(`key of {"n":${value.n},"q":"${value.q}"}`);
    }
  });

  it('remembers requests apart that differ only in the text of a message part', () => {
    let calls = 0;
    const keyOf = rememberKeys((text: string) => `${text}:${++calls}`);
    const asking = (text: string) => ({
      request: { messages: [{ role: 'user', content: [{ type: 'text', text }] }] },
    });
    for (let i = 0; i < 3; i++)
      for (const text of ['Is it up?', 'Is it down?']) keyOf(asking(text), 0);
    expect(calls).toBe(2);
  });

  it('remembers a value as it was: changing it in place gives it a new key', () => {
    const keyOf = rememberKeys((text: string) => `key of ${text}`);
    const value = { messages: [{ role: 'user', content: 'a' }] };
    keyOf(value, undefined);
    value.messages[0]!.content = 'b';
    expect(keyOf(value, undefined)).toBe('key of {"messages":[{"content":"b","role":"user"}]}');
    expect(keyOf({ messages: [{ role: 'user', content: 'a' }] }, undefined)).toBe(
      'key of {"messages":[{"content":"a","role":"user"}]}',
    );
  });

  it('refuses what canonicalJson refuses, whatever it remembers', () => {
    const keyOf = rememberKeys((text: string) => `key of ${text}`);
    // JSON writes NaN as null; 0, NaN and Infinity share a slot. Each is asked twice: a value
    // asked again is remembered as its text reads back, and compared as that.
    for (const t of [null, null, 0, 0]) keyOf({ t }, undefined);
    for (const t of [Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => keyOf({ t }, undefined)).toThrow(LlmuxError);
    }
  });

  it('does not keep a value whose text is too long to hold', () => {
    let calls = 0;
    const keyOf = rememberKeys((text: string) => `${text.length}:${++calls}`);
    const long = { text: 'x'.repeat(5000) };
    keyOf(long, undefined);
    keyOf(long, undefined);
    expect(calls).toBe(2);
  });
});
