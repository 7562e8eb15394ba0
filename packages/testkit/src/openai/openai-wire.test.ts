import { describe, expect, it } from 'vitest';
import { emptyMessage } from '../conformance/wire-view.js';
import type { SimRequest } from '../simulator/types.js';
import { openaiWire } from './openai-wire.js';

const read = (body: unknown) => openaiWire({ body } as SimRequest);

describe('openaiWire', () => {
  it('reads a Chat Completions body in neutral terms', () => {
    const view = read({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'developer', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'df', arguments: '{"a":1}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '99%' },
      ],
      tools: [{ type: 'function', function: { name: 'df', parameters: { type: 'object' } } }],
      tool_choice: { type: 'function', function: { name: 'df' } },
      temperature: 0.3,
      top_p: 0.7,
      seed: 42,
      max_completion_tokens: 321,
      stop: 'END',
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'x', schema: { type: 'object' } },
      },
    });
    expect(view).toEqual({
      temperature: 0.3,
      topP: 0.7,
      seed: 42,
      maxOutputTokens: 321,
      stopSequences: ['END'],
      system: 'Be brief.',
      toolChoice: { toolName: 'df' },
      responseFormat: { type: 'json', schema: { type: 'object' } },
      tools: [{ name: 'df', parameters: { type: 'object' } }],
      messages: [
        {
          ...emptyMessage('user'),
          text: ['What is this?'],
          images: [{ mediaType: 'image/png', data: 'AAAA' }],
        },
        {
          ...emptyMessage('assistant'),
          toolCalls: [{ id: 'call_1', name: 'df', arguments: { a: 1 } }],
        },
        { ...emptyMessage('tool'), toolResults: [{ toolCallId: 'call_1', output: '99%' }] },
      ],
    });
  });

  it('reads the legacy max_tokens, json_object and a plain tool choice', () => {
    expect(
      read({
        messages: [{ role: 'user', content: 'hi' }],
        max_tokens: 50,
        tool_choice: 'none',
        response_format: { type: 'json_object' },
      }),
    ).toMatchObject({ maxOutputTokens: 50, toolChoice: 'none', responseFormat: { type: 'json' } });
  });
});
