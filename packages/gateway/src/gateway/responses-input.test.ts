import { describe, expect, it } from 'vitest';
import { RequestFieldError } from './request-field-error.js';
import { toCoreInput } from './responses-input.js';

const paramOf = (input: unknown) => {
  try {
    toCoreInput(input);
  } catch (error) {
    expect(error).toBeInstanceOf(RequestFieldError);
    return (error as RequestFieldError).param;
  }
  throw new Error('expected a refusal');
};

describe('toCoreInput', () => {
  it('takes a string as one user message', () => {
    expect(toCoreInput('hi')).toEqual([{ role: 'user', content: 'hi' }]);
  });

  it('reads messages of every role, with text and images', () => {
    expect(
      toCoreInput([
        { role: 'developer', content: [{ type: 'input_text', text: 'Be brief.' }] },
        { type: 'message', role: 'system', content: 'No jokes.' },
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'What is this?' },
            { type: 'input_image', image_url: 'https://x.test/a.png', detail: 'high' },
            { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'auto' },
          ],
        },
        { role: 'assistant', content: 'A graph.' },
      ]),
    ).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'system', content: 'No jokes.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image', source: { kind: 'url', url: 'https://x.test/a.png' }, detail: 'high' },
          { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAAA' } },
        ],
      },
      { role: 'assistant', content: [{ type: 'text', text: 'A graph.' }] },
    ]);
  });

  it('makes one assistant turn of reasoning, text and calls, and one tool message of their outputs', () => {
    const messages = toCoreInput([
      { role: 'user', content: 'Status of checkout and search?' },
      {
        type: 'reasoning',
        id: 'rs_1',
        summary: [{ type: 'summary_text', text: 'Check both.' }],
      },
      {
        type: 'message',
        id: 'msg_1',
        role: 'assistant',
        status: 'completed',
        content: [{ type: 'output_text', text: 'Checking.', annotations: [], logprobs: [] }],
      },
      {
        type: 'function_call',
        id: 'fc_1',
        call_id: 'call_a',
        name: 'get_status',
        arguments: '{"service":"checkout"}',
        status: 'completed',
      },
      { type: 'function_call', call_id: 'call_b', name: 'get_status', arguments: '' },
      { type: 'function_call_output', call_id: 'call_a', output: 'green' },
      {
        type: 'function_call_output',
        call_id: 'call_b',
        output: [
          { type: 'input_text', text: 'red ' },
          { type: 'input_text', text: 'since 10:02' },
        ],
      },
    ]);
    expect(messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'Check both.' },
          { type: 'text', text: 'Checking.' },
          {
            type: 'tool-call',
            toolCallId: 'call_a',
            toolName: 'get_status',
            arguments: { service: 'checkout' },
          },
          { type: 'tool-call', toolCallId: 'call_b', toolName: 'get_status', arguments: {} },
        ],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'call_a', toolName: 'get_status', result: 'green' },
          {
            type: 'tool-result',
            toolCallId: 'call_b',
            toolName: 'get_status',
            result: 'red since 10:02',
          },
        ],
      },
    ]);
  });

  it('reads a reasoning item by its full text when it has one', () => {
    const [message] = toCoreInput([
      {
        type: 'reasoning',
        id: 'rs_1',
        summary: [{ type: 'summary_text', text: 'short' }],
        content: [{ type: 'reasoning_text', text: 'the long version' }],
      },
    ]);
    expect(message).toEqual({
      role: 'assistant',
      content: [{ type: 'reasoning', text: 'the long version' }],
    });
  });

  it.each([
    ['not an array', 42, 'input'],
    ['an item that is not an object', ['hi'], 'input[0]'],
    ['a message without a role', [{ type: 'message', content: 'x' }], 'input[0].role'],
    ['an unknown role', [{ role: 'tool', content: 'x' }], 'input[0].role'],
    [
      'an image from a system message',
      [{ role: 'system', content: [{ type: 'input_image', image_url: 'https://x.test/a.png' }] }],
      'input[0].content[0].type',
    ],
    [
      'a file input',
      [{ role: 'user', content: [{ type: 'input_file', file_id: 'file_1' }] }],
      'input[0].content[0].type',
    ],
    [
      'an image by file id',
      [{ role: 'user', content: [{ type: 'input_image', file_id: 'file_1', detail: 'auto' }] }],
      'input[0].content[0].file_id',
    ],
    [
      'an image detail of original',
      [
        {
          role: 'user',
          content: [{ type: 'input_image', image_url: 'https://x.test/a', detail: 'original' }],
        },
      ],
      'input[0].content[0].detail',
    ],
    [
      'an image that is not a URL',
      [{ role: 'user', content: [{ type: 'input_image', image_url: 'ftp://x' }] }],
      'input[0].content[0].image_url',
    ],
    [
      'a prompt cache breakpoint',
      [
        {
          role: 'user',
          content: [{ type: 'input_text', text: 'x', prompt_cache_breakpoint: { ttl: '30m' } }],
        },
      ],
      'input[0].content[0].prompt_cache_breakpoint',
    ],
    [
      'an output for a call not in the input',
      [{ type: 'function_call_output', call_id: 'call_x', output: 'ok' }],
      'input[0].call_id',
    ],
    [
      'a call with arguments that are not JSON',
      [{ type: 'function_call', call_id: 'c', name: 'f', arguments: '{' }],
      'input[0].arguments',
    ],
    [
      'a call without a call id',
      [{ type: 'function_call', name: 'f', arguments: '{}' }],
      'input[0].call_id',
    ],
    [
      'an image in a tool output',
      [
        { type: 'function_call', call_id: 'c', name: 'f', arguments: '{}' },
        {
          type: 'function_call_output',
          call_id: 'c',
          output: [{ type: 'input_image', image_url: 'https://x.test/a.png' }],
        },
      ],
      'input[1].output[0].type',
    ],
    [
      'encrypted reasoning',
      [{ type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'gAAAA' }],
      'input[0].encrypted_content',
    ],
    ['a stored item reference', [{ type: 'item_reference', id: 'msg_1' }], 'input[0].type'],
    ['a built-in tool call', [{ type: 'web_search_call', id: 'ws_1' }], 'input[0].type'],
  ])('refuses %s, naming the field', (_, input, param) => {
    expect(paramOf(input)).toBe(param);
  });
});
