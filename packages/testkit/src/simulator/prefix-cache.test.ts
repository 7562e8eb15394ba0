import { createManualClock } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { createPrefixCache } from './prefix-cache.js';

describe('createPrefixCache', () => {
  it('finds the longest prefix a kept prompt shares, under the same route only', () => {
    const cache = createPrefixCache(createManualClock());
    cache.keep('a', 'system prompt; question one', 60_000);
    cache.keep('a', 'system', 60_000);
    expect(cache.longestMatch('a', 'system prompt; question two')).toBe(
      'system prompt; question '.length,
    );
    expect(cache.longestMatch('b', 'system prompt; question two')).toBe(0);
  });

  it('forgets a prompt once its lifetime has passed since it was last kept', async () => {
    const clock = createManualClock();
    const cache = createPrefixCache(clock);
    cache.keep('a', 'prompt', 1_000);
    await clock.advance(600);
    cache.keep('a', 'prompt', 1_000);
    await clock.advance(600);
    expect(cache.longestMatch('a', 'prompt')).toBe(6);
    await clock.advance(400);
    expect(cache.longestMatch('a', 'prompt')).toBe(0);
  });

  it('keeps the latest prompts of a route, and nothing after clear', () => {
    const cache = createPrefixCache(createManualClock(), 2);
    for (const text of ['one', 'two', 'three']) cache.keep('a', text, 1_000);
    expect(cache.longestMatch('a', 'one')).toBe(0);
    expect(cache.longestMatch('a', 'three')).toBe(5);
    cache.clear();
    expect(cache.longestMatch('a', 'three')).toBe(0);
  });
});
