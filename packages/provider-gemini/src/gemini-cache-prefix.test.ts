import type { GenerateRequest, PromptCacheHint } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { buildGeminiRequest } from './build-gemini-request.js';
import { splitCachePrefix } from './gemini-cache-prefix.js';

const split = (request: GenerateRequest, prefix: PromptCacheHint['prefix']) => {
  const { params } = buildGeminiRequest('gemini-2.5-flash', request);
  return splitCachePrefix(request.messages, { prefix }, params);
};
const texts = (contents: Array<{ parts?: Array<{ text?: string }> }> = []) =>
  contents.map((content) => content.parts?.map((part) => part.text).join('+'));

const conversation: GenerateRequest = {
  messages: [
    { role: 'system', content: 'rules' },
    { role: 'user', content: 'one' },
    { role: 'assistant', content: 'two' },
    { role: 'user', content: 'three' },
    { role: 'user', content: 'four' },
  ],
  tools: [{ name: 'df', parameters: { type: 'object' } }],
  toolChoice: 'auto',
};

describe('splitCachePrefix', () => {
  it('always caches the system instruction, tools and tool config, which Gemini takes only there', () => {
    for (const prefix of ['tools', 'system', { messages: 0 }] as const) {
      const { prefix: cached, rest } = split(conversation, prefix) ?? {};
      expect(cached).toMatchObject({
        systemInstruction: { parts: [{ text: 'rules' }] },
        tools: [{ functionDeclarations: [{ name: 'df' }] }],
        toolConfig: { functionCallingConfig: { mode: 'AUTO' } },
      });
      expect(cached).not.toHaveProperty('contents');
      expect(texts(rest)).toEqual(['one', 'two', 'three+four']);
    }
  });

  it('caches the turns of the first n messages, but not a turn the next message joins', () => {
    expect(texts(split(conversation, { messages: 2 })?.prefix.contents)).toEqual(['one', 'two']);
    expect(texts(split(conversation, { messages: 2 })?.rest)).toEqual(['three+four']);
    expect(texts(split(conversation, { messages: 3 })?.prefix.contents)).toEqual(['one', 'two']);
  });

  it('leaves at least one turn to send', () => {
    const { prefix, rest } = split(conversation, { messages: 9 }) ?? {};
    expect(texts(prefix?.contents)).toEqual(['one', 'two']);
    expect(texts(rest)).toEqual(['three+four']);
  });

  it('has nothing to cache without a system instruction, tools or whole turns', () => {
    expect(split({ messages: [{ role: 'user', content: 'hi' }] }, 'system')).toBeUndefined();
    expect(split({ messages: [{ role: 'user', content: 'hi' }] }, { messages: 1 })).toBeUndefined();
  });
});
