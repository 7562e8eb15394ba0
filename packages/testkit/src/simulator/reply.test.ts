import { describe, expect, it } from 'vitest';
import { resolveReply } from './reply.js';
import type { SimRequest } from './types.js';

const request: SimRequest = {
  operation: 'generate',
  model: 'claude-haiku-4-5',
  stream: false,
  promptText: 'You are terse.\nWhat is the capital of France?',
  lastUserText: 'What is the capital of France?',
  toolNames: [],
  includeUsage: true,
  body: {},
  headers: {},
};

let n = 0;
const context = { newId: (kind: string) => `${kind}-${++n}`, chunkSize: 5 };

describe('resolveReply', () => {
  it('echoes the last user text by default and counts tokens like approximateTokens', () => {
    const reply = resolveReply(request, {}, context);
    expect(reply.text).toBe('Echo: What is the capital of France?');
    expect(reply.finishReason).toBe('stop');
    expect(reply.model).toBe('claude-haiku-4-5');
    expect(reply.chunkSize).toBe(5);
    expect(reply.usage).toEqual({
      inputTokens: Math.ceil(request.promptText.length / 4),
      outputTokens: Math.ceil(reply.text.length / 4),
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    });
  });

  it('answers tool calls with finish tool-calls and gives them ids', () => {
    const reply = resolveReply(
      request,
      { toolCalls: [{ name: 'weather', arguments: { city: 'Paris' } }] },
      context,
    );
    expect(reply.text).toBe('');
    expect(reply.finishReason).toBe('tool-calls');
    expect(reply.toolCalls).toEqual([
      { id: expect.stringMatching(/^toolCall-/), name: 'weather', arguments: { city: 'Paris' } },
    ]);
  });

  it('takes a function of the request and usage overrides', () => {
    const reply = resolveReply(
      request,
      (r) => ({ text: r.model, usage: { cacheReadTokens: 3, inputTokens: 100 } }),
      context,
    );
    expect(reply.text).toBe('claude-haiku-4-5');
    expect(reply.usage).toMatchObject({ inputTokens: 100, cacheReadTokens: 3 });
  });

  it('cuts an answer at maxOutputTokens with finish length', () => {
    const reply = resolveReply(
      { ...request, maxOutputTokens: 2 },
      { text: 'x'.repeat(40) },
      context,
    );
    expect(reply.text).toBe('xxxxxxxx');
    expect(reply.finishReason).toBe('length');
  });
});
