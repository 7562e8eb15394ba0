import { describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.js';
import { createMemoryKeyValueStore } from './memory-key-value-store.js';

describe('createMemoryKeyValueStore', () => {
  it('gets, overwrites and deletes values', async () => {
    const store = createMemoryKeyValueStore();
    expect(await store.get('a')).toBeUndefined();
    await store.set('a', '1');
    await store.set('a', '2');
    expect(await store.get('a')).toBe('2');
    expect(store.size).toBe(1);
    await store.delete('a');
    await store.delete('missing');
    expect(await store.get('a')).toBeUndefined();
    expect(store.bytes).toBe(0);
  });

  it('expires entries after their TTL on the clock', async () => {
    const clock = createManualClock();
    const store = createMemoryKeyValueStore({ clock });
    await store.set('short', 'x', 1_000);
    await store.set('forever', 'y');
    await clock.advance(999);
    expect(await store.get('short')).toBe('x');
    await clock.advance(1);
    expect(await store.get('short')).toBeUndefined();
    expect(store.size).toBe(1);
    await clock.advance(365 * 24 * 3_600_000);
    expect(await store.get('forever')).toBe('y');
  });

  it('evicts the least recently used entry beyond maxEntries', async () => {
    const store = createMemoryKeyValueStore({ maxEntries: 2 });
    await store.set('a', '1');
    await store.set('b', '2');
    await store.get('a'); // a is now the most recently used
    await store.set('c', '3');
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('a')).toBe('1');
    expect(await store.get('c')).toBe('3');
  });

  it('keeps evicting the least recently used over many writes, reads and deletes', async () => {
    const store = createMemoryKeyValueStore({ maxEntries: 3 });
    // The same moves on a plain list, most recently used last.
    const expected: string[] = [];
    const use = (key: string) => {
      expected.splice(expected.indexOf(key), 1);
      expected.push(key);
    };
    for (let i = 0; i < 60; i++) {
      const key = `k${i % 7}`;
      if (i % 5 === 0 && expected.includes(key)) {
        await store.delete(key);
        expected.splice(expected.indexOf(key), 1);
      } else if (i % 3 === 0 && expected.includes(key)) {
        expect(await store.get(key)).toBe(key);
        use(key);
      } else {
        await store.set(key, key);
        if (expected.includes(key)) use(key);
        else expected.push(key);
        if (expected.length > 3) expected.shift();
      }
      expect(store.size).toBe(expected.length);
    }
    for (let i = 0; i < 7; i++) {
      const key = `k${i}`;
      expect(await store.get(key)).toBe(expected.includes(key) ? key : undefined);
    }
  });

  it('evicts least recently used entries until it fits in maxBytes (UTF-16)', async () => {
    // Each entry: (1 + 9) chars * 2 bytes = 20 bytes.
    const store = createMemoryKeyValueStore({ maxBytes: 50 });
    await store.set('a', '123456789');
    await store.set('b', '123456789');
    expect(store.bytes).toBe(40);
    await store.set('c', '123456789');
    expect(store.bytes).toBe(40);
    expect(await store.get('a')).toBeUndefined();
    expect(await store.get('b')).toBe('123456789');
  });

  it('does not store a value larger than maxBytes, and drops what it replaced', async () => {
    const store = createMemoryKeyValueStore({ maxBytes: 10 });
    await store.set('k', 'v');
    await store.set('k', 'far too long for ten bytes');
    expect(await store.get('k')).toBeUndefined();
    expect(store.bytes).toBe(0);
  });
});
