import { describe, expect, it } from 'vitest';
import { chunkText, encodeSseFrame } from './sse.js';

describe('chunkText', () => {
  it('splits by characters and keeps the remainder', () => {
    expect(chunkText('abcdefg', 3)).toEqual(['abc', 'def', 'g']);
  });

  it('never splits a surrogate pair', () => {
    expect(chunkText('a😀b😀', 2)).toEqual(['a😀', 'b😀']);
  });

  it('gives one empty piece for empty text', () => {
    expect(chunkText('', 4)).toEqual(['']);
  });
});

describe('encodeSseFrame', () => {
  it('writes the event line only when there is an event name', () => {
    expect(encodeSseFrame({ event: 'ping', data: '{}' })).toBe('event: ping\ndata: {}\n\n');
    expect(encodeSseFrame({ data: '[DONE]' })).toBe('data: [DONE]\n\n');
  });
});
