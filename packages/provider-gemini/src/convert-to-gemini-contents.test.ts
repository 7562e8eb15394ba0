import type { Message } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { convertToGeminiContents, SKIP_SIGNATURE } from './convert-to-gemini-contents.js';

const convert = (messages: Message[], modelId = 'gemini-2.5-flash') =>
  convertToGeminiContents(messages, modelId);

describe('convertToGeminiContents', () => {
  it('makes system messages the systemInstruction and assistant turns the role model', () => {
    const result = convert([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
      { role: 'user', content: [{ type: 'text', text: 'Again' }] },
    ]);
    expect(result).toEqual({
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      contents: [
        { role: 'user', parts: [{ text: 'Hi' }] },
        { role: 'model', parts: [{ text: 'Hello' }] },
        { role: 'user', parts: [{ text: 'Again' }] },
      ],
      warnings: [],
    });
  });

  it('moves a late system message into the instruction, with a warning', () => {
    const result = convert([
      { role: 'user', content: 'Hi' },
      { role: 'system', content: 'Now be formal.' },
    ]);
    expect(result.systemInstruction).toEqual({ parts: [{ text: 'Now be formal.' }] });
    expect(result.warnings[0]).toMatchObject({
      type: 'other',
      message: expect.stringContaining('messages[1]'),
    });
  });

  it('sends images inline (base64, data URLs) or as file references (URLs)', () => {
    const { contents } = convert([
      {
        role: 'user',
        content: [
          { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAAA' } },
          { type: 'image', source: { kind: 'url', url: 'data:image/webp;base64,BBBB' } },
          { type: 'image', source: { kind: 'url', url: 'https://x.test/cat.JPG?size=2' } },
          {
            type: 'image',
            source: { kind: 'url', url: 'gs://bucket/scan', mediaType: 'image/tiff' },
          },
        ],
      },
    ]);
    expect(contents[0]?.parts).toEqual([
      { inlineData: { mimeType: 'image/png', data: 'AAAA' } },
      { inlineData: { mimeType: 'image/webp', data: 'BBBB' } },
      { fileData: { mimeType: 'image/jpeg', fileUri: 'https://x.test/cat.JPG?size=2' } },
      { fileData: { mimeType: 'image/tiff', fileUri: 'gs://bucket/scan' } },
    ]);
  });

  it('refuses an image URL whose type it cannot tell', () => {
    expect(() =>
      convert([
        {
          role: 'user',
          content: [{ type: 'image', source: { kind: 'url', url: 'https://x.test/img' } }],
        },
      ]),
    ).toThrow(
      expect.objectContaining({
        kind: 'invalid_request',
        message: expect.stringContaining('messages[0].content[0].source.mediaType'),
      }),
    );
  });

  it('sends tool calls as functionCall parts and results as functionResponse parts, by name', () => {
    const { contents } = convert([
      { role: 'user', content: 'Weather in Paris and Rome?' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool-call', toolCallId: 'a', toolName: 'weather', arguments: { city: 'Paris' } },
          { type: 'tool-call', toolCallId: 'b', toolName: 'weather', arguments: { city: 'Rome' } },
        ],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'a', toolName: 'weather', result: { temp: 21 } },
        ],
      },
      {
        role: 'tool',
        content: [{ type: 'tool-result', toolCallId: 'b', toolName: 'weather', result: 'sunny' }],
      },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'c',
            toolName: 'lookup',
            result: 'timeout',
            isError: true,
          },
        ],
      },
    ]);
    expect(contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather in Paris and Rome?' }] },
      {
        role: 'model',
        parts: [
          { text: 'Checking.' },
          { functionCall: { name: 'weather', args: { city: 'Paris' } } },
          { functionCall: { name: 'weather', args: { city: 'Rome' } } },
        ],
      },
      {
        // Consecutive results answer one call turn, so they share one content.
        role: 'user',
        parts: [
          { functionResponse: { name: 'weather', response: { temp: 21 } } },
          { functionResponse: { name: 'weather', response: { output: 'sunny' } } },
          { functionResponse: { name: 'lookup', response: { error: 'timeout' } } },
        ],
      },
    ]);
  });

  it('signs replayed calls for Gemini 3 with the documented stand-in, with a warning', () => {
    const messages: Message[] = [
      { role: 'user', content: 'Go' },
      {
        role: 'assistant',
        content: [{ type: 'tool-call', toolCallId: 'a', toolName: 'run', arguments: {} }],
      },
    ];
    const gemini3 = convert(messages, 'gemini-3-pro-preview');
    expect(gemini3.contents[1]?.parts?.[0]).toEqual({
      functionCall: { name: 'run', args: {} },
      thoughtSignature: SKIP_SIGNATURE,
    });
    expect(gemini3.warnings).toHaveLength(1);
    expect(convert(messages).contents[1]?.parts?.[0]).not.toHaveProperty('thoughtSignature');
  });

  it('sends Gemini thought signatures back where they came from, and no reasoning text', () => {
    const call = { type: 'tool-call' as const, toolCallId: 'a', toolName: 'run', arguments: {} };
    const result = convert(
      [
        { role: 'user', content: 'Go' },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'Run it.', signature: 'sig-call', provider: 'gemini' },
            call,
            { type: 'text', text: 'Done.' },
            { type: 'reasoning', text: '', signature: 'sig-text', provider: 'gemini' },
            {
              type: 'reasoning',
              text: 'Claude thought',
              signature: 'sig-c',
              provider: 'anthropic',
            },
          ],
        },
      ],
      'gemini-3-pro-preview',
    );
    expect(result.contents[1]?.parts).toEqual([
      { functionCall: { name: 'run', args: {} }, thoughtSignature: 'sig-call' },
      { text: 'Done.', thoughtSignature: 'sig-text' },
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('refuses what it cannot send, naming the field', () => {
    expect(() => convert([])).toThrow(expect.objectContaining({ kind: 'invalid_request' }));
    expect(() => convert([{ role: 'system', content: 'only a system prompt' }])).toThrow(
      /at least one user or assistant message/,
    );
    expect(() => convert([{ role: 'robot', content: 'x' } as unknown as Message])).toThrow(
      /messages\[0\].role must be/,
    );
    expect(() =>
      convert([
        { role: 'user', content: 'x' },
        {
          role: 'assistant',
          content: [{ type: 'tool-call', toolCallId: 'a', toolName: 't', arguments: [1] }],
        },
      ]),
    ).toThrow(/messages\[1\].content\[0\].arguments must be an object/);
    expect(() => convert([{ role: 'user', content: 42 } as unknown as Message])).toThrow(
      /messages\[0\].content must be/,
    );
  });
});
