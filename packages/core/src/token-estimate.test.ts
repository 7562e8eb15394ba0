import { describe, expect, it } from 'vitest';
import type { GenerateRequest } from './request.js';
import { approximateTokens, estimateInputTokens, requestTexts } from './token-estimate.js';

const request: GenerateRequest = {
  messages: [
    { role: 'system', content: 'Be brief.' },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'What is in this picture?' },
        { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.png' } },
      ],
    },
    {
      role: 'assistant',
      content: [
        { type: 'tool-call', toolCallId: 'c1', toolName: 'lookup', arguments: { q: 'cat' } },
      ],
    },
    {
      role: 'tool',
      content: [
        { type: 'tool-result', toolCallId: 'c1', toolName: 'lookup', result: 'A cat.' },
        { type: 'tool-result', toolCallId: 'c2', toolName: 'stats', result: { n: 1 } },
      ],
    },
  ],
  tools: [{ name: 'lookup', description: 'Search', parameters: { type: 'object' } }],
  responseFormat: { type: 'json', schema: { type: 'object' } },
};

describe('approximateTokens', () => {
  it('counts a token per four characters, rounding up', () => {
    expect(approximateTokens('')).toBe(0);
    expect(approximateTokens('abc')).toBe(1);
    expect(approximateTokens('abcd')).toBe(1);
    expect(approximateTokens('abcde')).toBe(2);
  });
});

describe('requestTexts', () => {
  it('collects every text the provider tokenises, and counts images', () => {
    expect(requestTexts(request)).toEqual({
      texts: [
        'Be brief.',
        'What is in this picture?',
        'lookup',
        '{"q":"cat"}',
        'A cat.',
        '{"n":1}',
        'lookup',
        'Search',
        '{"type":"object"}',
        '{"type":"object"}',
      ],
      images: 1,
    });
  });

  it('reads a tool call without arguments as no text', () => {
    const noArgs: GenerateRequest = {
      messages: [
        {
          role: 'assistant',
          content: [{ type: 'tool-call', toolCallId: 'c', toolName: 'now', arguments: undefined }],
        },
      ],
    };
    expect(requestTexts(noArgs).texts).toEqual(['now', '']);
  });

  it.each([
    [{}, 'request.messages must be an array'],
    [{ messages: 'hi' }, 'request.messages must be an array'],
    [{ messages: [{ role: 'user', content: 42 }] }, 'request.messages[0].content'],
    [{ messages: [{ role: 'user', content: 'ok' }, null] }, 'request.messages[1].content'],
  ])('rejects a malformed request %j with an invalid_request', (bad, message) => {
    expect(() => requestTexts(bad as unknown as GenerateRequest)).toThrow(
      expect.objectContaining({
        kind: 'invalid_request',
        message: expect.stringContaining(message),
      }),
    );
  });
});

describe('estimateInputTokens', () => {
  it('adds the texts, a fixed price per image and per message', () => {
    const texts = requestTexts(request).texts;
    const textTokens = texts.reduce((sum, text) => sum + Math.ceil(text.length / 4), 0);
    expect(estimateInputTokens(request)).toBe(textTokens + 1_000 + 4 * 4);
  });
});
