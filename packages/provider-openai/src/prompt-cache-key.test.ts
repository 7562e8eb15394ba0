import type { Message } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { prefixMessages, promptCacheKey } from './prompt-cache-key.js';

const conversation: Message[] = [
  { role: 'system', content: 'rules' },
  { role: 'user', content: 'one' },
  { role: 'assistant', content: 'two' },
  { role: 'system', content: 'more rules' },
  { role: 'user', content: 'three' },
];

describe('prefixMessages', () => {
  it.each([
    ['tools', []],
    ['system', ['rules']],
    [{ messages: 0 }, ['rules']],
    [{ messages: 1 }, ['rules', 'one']],
    [{ messages: 2 }, ['rules', 'one', 'two', 'more rules']],
    [{ messages: 9 }, ['rules', 'one', 'two', 'more rules', 'three']],
  ] as const)('takes for %j the messages %j', (prefix, expected) => {
    expect(prefixMessages(conversation, prefix).map((m) => m.content)).toEqual(expected);
  });
});

describe('promptCacheKey', () => {
  const prefix = { tools: [{ name: 'df' }], messages: [{ role: 'system', content: 'rules' }] };

  it('is a short digest of the prefix, the same for the same prefix', () => {
    const key = promptCacheKey(prefix);
    expect(key).toMatch(/^llmux-[\w-]{22}$/);
    expect(promptCacheKey({ ...prefix })).toBe(key);
    expect(promptCacheKey({ ...prefix, tools: [] })).not.toBe(key);
  });

  it('differs by tenant without holding it', () => {
    const tenant = 'sk-tenant-secret';
    const key = promptCacheKey({ ...prefix, tenant });
    expect(key).not.toBe(promptCacheKey(prefix));
    expect(key).not.toBe(promptCacheKey({ ...prefix, tenant: 'other' }));
    expect(key).not.toContain('secret');
  });

  it('is undefined when there is no prefix', () => {
    expect(promptCacheKey({ tools: [], messages: [], tenant: 't' })).toBeUndefined();
  });
});
