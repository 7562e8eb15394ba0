import { describe, expect, it } from 'vitest';
import { emptyMessage } from '../conformance/wire-view.js';
import type { SimRequest } from '../simulator/types.js';
import { anthropicWire } from './anthropic-wire.js';

const read = (body: unknown) => anthropicWire({ body } as SimRequest);

describe('anthropicWire', () => {
  it('reads a Messages API body in neutral terms', () => {
    const view = read({
      model: 'claude-haiku-4-5',
      max_tokens: 321,
      system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
          ],
        },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 'toolu_1', name: 'df', input: {} }],
        },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '99%' }],
        },
      ],
      tools: [{ name: 'df', input_schema: { type: 'object' } }],
      tool_choice: { type: 'any' },
      temperature: 0.3,
      top_k: 17,
      stop_sequences: ['END'],
      output_config: { format: { type: 'json_schema', schema: { type: 'object' } } },
    });
    expect(view).toEqual({
      temperature: 0.3,
      topK: 17,
      maxOutputTokens: 321,
      stopSequences: ['END'],
      system: 'Be brief.',
      toolChoice: 'required',
      responseFormat: { type: 'json', schema: { type: 'object' } },
      tools: [{ name: 'df', parameters: { type: 'object' } }],
      messages: [
        {
          ...emptyMessage('user'),
          text: ['What is this?'],
          images: [{ mediaType: 'image/png', data: 'AAAA' }],
        },
        { ...emptyMessage('assistant'), toolCalls: [{ id: 'toolu_1', name: 'df', arguments: {} }] },
        { ...emptyMessage('user'), toolResults: [{ toolCallId: 'toolu_1', output: '99%' }] },
      ],
    });
  });

  it('reads a string system prompt, a mid-conversation system turn and a named tool', () => {
    const view = read({
      system: 'Be brief.',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'system', content: 'Now be formal.' },
      ],
      tool_choice: { type: 'tool', name: 'df' },
    });
    expect(view).toMatchObject({
      system: 'Be brief.\nNow be formal.',
      toolChoice: { toolName: 'df' },
      messages: [{ role: 'user', text: ['hi'] }],
    });
  });
});
