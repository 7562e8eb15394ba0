import { describe, expect, it } from 'vitest';
import { parseCacheRecord } from './gemini-cache-record.js';

describe('parseCacheRecord', () => {
  it('reads the records the context cache stores', () => {
    const ready = { state: 'ready', name: 'cachedContents/a', tokens: 2000, expiresAt: 5 };
    expect(parseCacheRecord(JSON.stringify(ready))).toEqual(ready);
    expect(parseCacheRecord('{"state":"claimed","owner":"o"}')).toEqual({
      state: 'claimed',
      owner: 'o',
    });
  });

  it('reads anything else as no record', () => {
    for (const stored of [undefined, 'not json', 'null', '{"state":"other"}', '[]']) {
      expect(parseCacheRecord(stored)).toBeUndefined();
    }
  });
});
