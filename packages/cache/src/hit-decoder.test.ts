import type { GenerateResponse } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { createHitDecoder } from './hit-decoder.js';
import { encodeStoredResponse } from './stored-response.js';

const answer = (text: string): GenerateResponse => ({
  id: 'resp-1',
  provider: 'openai',
  model: 'gpt-5-mini',
  content: [
    { type: 'text', text },
    { type: 'tool-call', toolCallId: 'c1', toolName: 'calc', arguments: { x: [1] } },
  ],
  finishReason: { unified: 'stop', raw: 'stop' },
  usage: {
    inputTokens: 10,
    outputTokens: 5,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
  },
  costUsd: 0.001,
  latencyMs: 9,
  warnings: [],
  trace: { attempts: [] },
  providerMetadata: { openai: { systemFingerprint: 'fp' } },
});

describe('createHitDecoder', () => {
  it('gives each read its own copy, down to nested values', () => {
    const decode = createHitDecoder();
    const text = encodeStoredResponse(answer('Hello'));
    const first = decode('k', text)!;
    const second = decode('k', text)!;
    expect(second).toEqual(first);
    for (const shared of ['content', 'usage', 'finishReason', 'warnings', 'providerMetadata']) {
      expect(second[shared as keyof typeof second]).not.toBe(first[shared as keyof typeof first]);
    }
    (first.content[1] as { arguments: { x: number[] } }).arguments.x.push(2);
    first.usage.inputTokens = 99;
    expect(decode('k', text)).toEqual(second);
    expect((second.content[1] as { arguments: { x: number[] } }).arguments.x).toEqual([1]);
  });

  it('decodes a new text stored under a key it has read before', () => {
    const decode = createHitDecoder();
    decode('k', encodeStoredResponse(answer('old')));
    expect(decode('k', encodeStoredResponse(answer('new')))?.content[0]).toEqual({
      type: 'text',
      text: 'new',
    });
    expect(decode('k', '{"v":1,"response":{"id":')).toBeUndefined();
    expect(decode('k', 'not json')).toBeUndefined();
  });

  it('reads the same text from another string (a store that returns a fresh one) alike', () => {
    const decode = createHitDecoder();
    const text = encodeStoredResponse(answer('Hello'));
    expect(decode('k', `${text} `.trimEnd())).toEqual(decode('k', text));
  });

  it('keeps a `__proto__` field as a field, as JSON.parse does', () => {
    const decode = createHitDecoder();
    const text = encodeStoredResponse(answer('Hello')).replace(
      '"systemFingerprint"',
      '"__proto__":{"polluted":true},"systemFingerprint"',
    );
    decode('k', text);
    const hit = decode('k', text)!;
    const metadata = hit.providerMetadata!.openai as Record<string, unknown>;
    expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
    expect(Object.hasOwn(metadata, '__proto__')).toBe(true);
    expect(metadata).toEqual(JSON.parse(text).response.providerMetadata.openai);
  });
});
