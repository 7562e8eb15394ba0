import { LlmuxError } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.js';

describe('convertToAnthropicMessages', () => {
  it('moves system messages to the system prompt and keeps the turns', () => {
    const prompt = convertToAnthropicMessages([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
      { role: 'user', content: 'Bye' },
    ]);
    expect(prompt.system).toEqual([{ type: 'text', text: 'Be brief.' }]);
    expect(prompt.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Hello' }] },
      { role: 'user', content: [{ type: 'text', text: 'Bye' }] },
    ]);
    expect(prompt.warnings).toEqual([]);
  });

  it('warns about a system message after the conversation started', () => {
    const prompt = convertToAnthropicMessages([
      { role: 'user', content: 'Hi' },
      { role: 'system', content: 'Late rule' },
    ]);
    expect(prompt.system).toEqual([{ type: 'text', text: 'Late rule' }]);
    expect(prompt.warnings).toEqual([
      { type: 'other', message: expect.stringContaining('messages[1]: a system message') },
    ]);
  });

  it('converts images, tool calls and tool results, merging the user turns', () => {
    const prompt = convertToAnthropicMessages([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look' },
          { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAAA' } },
          { type: 'image', source: { kind: 'url', url: 'https://example.com/a.jpg' } },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: '' },
          { type: 'tool-call', toolCallId: 'toolu_1', toolName: 'zoom', arguments: { level: 2 } },
        ],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'toolu_1', toolName: 'zoom', result: { ok: true } },
          {
            type: 'tool-result',
            toolCallId: 'toolu_2',
            toolName: 'zoom',
            result: 'failed',
            isError: true,
          },
        ],
      },
      { role: 'user', content: 'And now?' },
    ]);
    expect(prompt.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/a.jpg' } },
        ],
      },
      {
        role: 'assistant',
        content: [{ type: 'tool_use', id: 'toolu_1', name: 'zoom', input: { level: 2 } }],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: '{"ok":true}' },
          { type: 'tool_result', tool_use_id: 'toolu_2', content: 'failed', is_error: true },
          { type: 'text', text: 'And now?' },
        ],
      },
    ]);
    expect(prompt.messageEnds).toHaveLength(4);
  });

  it.each([
    [
      [
        {
          role: 'user' as const,
          content: [
            {
              type: 'image' as const,
              source: { kind: 'base64' as const, mediaType: 'image/tiff', data: 'A' },
            },
          ],
        },
      ],
      'messages[0].content[0].source.mediaType',
    ],
    [
      [
        {
          role: 'assistant' as const,
          content: [
            { type: 'tool-call' as const, toolCallId: 'a', toolName: 'b', arguments: [1, 2] },
          ],
        },
      ],
      'messages[0].content[0].arguments',
    ],
  ])('refuses what Anthropic cannot take, naming the field (%#)', (messages, field) => {
    const attempt = () => convertToAnthropicMessages(messages);
    expect(attempt).toThrow(LlmuxError);
    expect(attempt).toThrow(field);
  });
});
