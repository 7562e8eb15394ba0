import { describe, expect, it } from 'vitest';
import type { SimRequest } from '../simulator/types.js';
import { ollamaWire } from './ollama-wire.js';

const read = (body: unknown) => ollamaWire({ body } as SimRequest);

describe('ollamaWire', () => {
  it('reads an /api/chat body in neutral terms', () => {
    const view = read({
      model: 'llama3.2',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'What is this?', images: ['AAAA'] },
        {
          role: 'assistant',
          content: '',
          tool_calls: [{ function: { name: 'df', arguments: { a: 1 } } }],
        },
        { role: 'tool', tool_name: 'df', content: '99%' },
      ],
      tools: [{ type: 'function', function: { name: 'df', parameters: { type: 'object' } } }],
      format: { type: 'object' },
      options: {
        temperature: 0.3,
        top_p: 0.7,
        top_k: 5,
        seed: 42,
        num_predict: 321,
        stop: ['END'],
      },
    });
    expect(view).toEqual({
      temperature: 0.3,
      topP: 0.7,
      topK: 5,
      seed: 42,
      maxOutputTokens: 321,
      stopSequences: ['END'],
      system: 'Be brief.',
      responseFormat: { type: 'json', schema: { type: 'object' } },
      messages: [
        {
          role: 'user',
          text: ['What is this?'],
          images: [{ data: 'AAAA' }],
          toolCalls: [],
          toolResults: [],
        },
        {
          role: 'assistant',
          text: [],
          images: [],
          toolCalls: [{ name: 'df', arguments: { a: 1 } }],
          toolResults: [],
        },
        {
          role: 'tool',
          text: [],
          images: [],
          toolCalls: [],
          toolResults: [{ toolName: 'df', output: '99%' }],
        },
      ],
      tools: [{ name: 'df', parameters: { type: 'object' } }],
    });
  });

  it('reads JSON mode without a schema, and an empty body', () => {
    expect(read({ format: 'json', messages: [] }).responseFormat).toEqual({ type: 'json' });
    expect(read(null)).toEqual({ messages: [], tools: [] });
  });
});
