import { LlmuxError, type Message } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { convertToOpenAIChatMessages } from './convert-to-openai-chat-messages.js';

describe('convertToOpenAIChatMessages', () => {
  it('keeps system prompts and every turn in order', () => {
    expect(
      convertToOpenAIChatMessages([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello' },
        { role: 'user', content: 'Bye' },
      ]),
    ).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
      { role: 'user', content: 'Bye' },
    ]);
  });

  it('sends images as image_url parts, base64 ones as data URLs', () => {
    expect(
      convertToOpenAIChatMessages([
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare' },
            { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAAA' } },
            { type: 'image', source: { kind: 'url', url: 'https://example.com/a.jpg' } },
          ],
        },
      ]),
    ).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
          { type: 'image_url', image_url: { url: 'https://example.com/a.jpg' } },
        ],
      },
    ]);
  });

  it('puts tool calls on the assistant message and each result in its own tool message', () => {
    const messages: Message[] = [
      { role: 'user', content: 'Weather in Paris and Rome?' },
      {
        role: 'assistant',
        content: [
          {
            type: 'tool-call',
            toolCallId: 'call_1',
            toolName: 'weather',
            arguments: { city: 'Paris' },
          },
          {
            type: 'tool-call',
            toolCallId: 'call_2',
            toolName: 'weather',
            arguments: { city: 'Rome' },
          },
        ],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'call_1', toolName: 'weather', result: { temp: 21 } },
          {
            type: 'tool-result',
            toolCallId: 'call_2',
            toolName: 'weather',
            result: 'sunny',
            isError: false,
          },
        ],
      },
    ];
    expect(convertToOpenAIChatMessages(messages).slice(1)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'weather', arguments: '{"city":"Paris"}' },
          },
          {
            id: 'call_2',
            type: 'function',
            function: { name: 'weather', arguments: '{"city":"Rome"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '{"temp":21}' },
      { role: 'tool', tool_call_id: 'call_2', content: 'sunny' },
    ]);
  });

  it('keeps assistant text beside its tool calls', () => {
    const [converted] = convertToOpenAIChatMessages([
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Let me check.' },
          { type: 'tool-call', toolCallId: 'c', toolName: 'f', arguments: undefined },
        ],
      },
    ]);
    expect(converted).toEqual({
      role: 'assistant',
      content: 'Let me check.',
      tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }],
    });
  });

  it.each([
    [[], 'messages must be a non-empty array'],
    [
      [{ role: 'robot', content: 'x' }],
      'messages[0].role must be system, user, assistant or tool, got "robot"',
    ],
    [
      [
        {
          role: 'user',
          content: [{ type: 'tool-call', toolCallId: 'c', toolName: 'f', arguments: {} }],
        },
      ],
      'messages[0].content[0]: a user message holds text and image parts, not "tool-call"',
    ],
    [
      [{ role: 'assistant', content: [{ type: 'image', source: { kind: 'url', url: 'u' } }] }],
      'messages[0].content[0]: an assistant message holds text and tool-call parts, not "image"',
    ],
  ])('refuses %j with an invalid_request naming the field', (messages, message) => {
    let caught: unknown;
    try {
      convertToOpenAIChatMessages(messages as Message[]);
    } catch (error) {
      caught = error;
    }
    expect(LlmuxError.isInstance(caught)).toBe(true);
    expect(caught).toMatchObject({ kind: 'invalid_request', message });
  });
});
