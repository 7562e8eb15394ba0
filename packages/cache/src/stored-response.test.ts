import type { GenerateResponse } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import {
  decodeStoredResponse,
  encodeStoredResponse,
  isStorable,
  toCachedResponse,
} from './stored-response.js';

const response: GenerateResponse = {
  id: 'resp-1',
  provider: 'openai',
  model: 'gpt-5-mini',
  content: [
    { type: 'text', text: 'Hello' },
    { type: 'tool-call', toolCallId: 'c1', toolName: 'calc', arguments: { x: 1 } },
  ],
  finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
  usage: {
    inputTokens: 10,
    outputTokens: 5,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
  },
  costUsd: 0.0012,
  latencyMs: 900,
  timeToFirstTokenMs: 300,
  warnings: [{ type: 'other', message: 'w' }],
  rateLimits: { requestsRemaining: 3 },
  trace: {
    attempts: [
      {
        provider: 'openai',
        model: 'gpt-5-mini',
        attempt: 1,
        startedAt: 0,
        latencyMs: 1,
        outcome: 'error',
        message: 'Incorrect API key provided: sk-abc',
      },
    ],
  },
  providerMetadata: { openai: { systemFingerprint: 'fp' } },
};

describe('stored responses', () => {
  it('keep the answer and its cost, not the trace, rate limits or timings', () => {
    const cached = toCachedResponse(response);
    expect(cached).toEqual({
      id: 'resp-1',
      provider: 'openai',
      model: 'gpt-5-mini',
      content: response.content,
      finishReason: response.finishReason,
      usage: response.usage,
      costUsd: 0.0012,
      warnings: response.warnings,
      providerMetadata: response.providerMetadata,
    });
    expect(cached.content).not.toBe(response.content);
  });

  it('are versioned JSON that reads back to the same value', () => {
    const text = encodeStoredResponse(toCachedResponse(response));
    expect(JSON.parse(text)).toMatchObject({ v: 1, response: { id: 'resp-1' } });
    expect(text).not.toContain('Incorrect API key');
    expect(decodeStoredResponse(text)).toEqual(toCachedResponse(response));
  });

  it('are written from a whole response as from its cached part, holding no function or symbol', () => {
    expect(encodeStoredResponse(response)).toBe(encodeStoredResponse(toCachedResponse(response)));
    for (const odd of [() => 1, Symbol('s')]) {
      const holding = { ...response, providerMetadata: { custom: { odd } } } as GenerateResponse;
      expect(() => encodeStoredResponse(holding)).toThrow(TypeError);
      expect(() => toCachedResponse(holding)).toThrow();
    }
  });

  it('are only complete answers: a response that finished in error is not storable', () => {
    expect(isStorable(toCachedResponse(response))).toBe(true);
    expect(isStorable(toCachedResponse({ ...response, finishReason: { unified: 'error' } }))).toBe(
      false,
    );
  });

  const valid = JSON.parse(encodeStoredResponse(toCachedResponse(response)));
  const corrupt = (change: (value: typeof valid) => void) => {
    const copy = structuredClone(valid);
    change(copy);
    return JSON.stringify(copy);
  };

  it.each([
    ['not JSON', '{"v":1,"response":'],
    ['not an object', '"text"'],
    ['no version', corrupt((v) => delete v.v)],
    ['another version', corrupt((v) => (v.v = 2))],
    ['no response', corrupt((v) => delete v.response)],
    ['content not an array', corrupt((v) => (v.response.content = 'Hello'))],
    ['an unknown content part', corrupt((v) => (v.response.content = [{ type: 'image' }]))],
    [
      'text that is not a string',
      corrupt((v) => (v.response.content = [{ type: 'text', text: 1 }])),
    ],
    ['an unknown finish reason', corrupt((v) => (v.response.finishReason.unified = 'done'))],
    ['usage missing a count', corrupt((v) => delete v.response.usage.outputTokens)],
    ['a cost that is not a number', corrupt((v) => (v.response.costUsd = '0.1'))],
    ['warnings not an array', corrupt((v) => (v.response.warnings = null))],
    ['a provider that is not a string', corrupt((v) => (v.response.provider = 7))],
  ])('read %s as nothing, never a crash', (_, text) => {
    expect(decodeStoredResponse(text)).toBeUndefined();
  });

  it('read non-string values as nothing', () => {
    expect(decodeStoredResponse(undefined)).toBeUndefined();
    expect(decodeStoredResponse(42)).toBeUndefined();
  });
});
