import { describe, expect, it } from 'vitest';
import { emptyMessage } from '../conformance/wire-view.js';
import type { SimRequest } from '../simulator/types.js';
import { geminiWire } from './gemini-wire.js';

const read = (body: unknown) => geminiWire({ body } as SimRequest);

describe('geminiWire', () => {
  it('reads a generateContent body in neutral terms', () => {
    const view = read({
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      contents: [
        {
          role: 'user',
          parts: [
            { text: 'What is this?' },
            { inlineData: { mimeType: 'image/png', data: 'AAAA' } },
          ],
        },
        { role: 'model', parts: [{ functionCall: { name: 'df', args: {} } }] },
        {
          role: 'user',
          parts: [{ functionResponse: { name: 'df', response: { output: '99%' } } }],
        },
      ],
      tools: [{ functionDeclarations: [{ name: 'df', parametersJsonSchema: { type: 'object' } }] }],
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['df'] } },
      generationConfig: {
        temperature: 0.3,
        topP: 0.7,
        topK: 17,
        seed: 42,
        maxOutputTokens: 321,
        stopSequences: ['END'],
        responseMimeType: 'application/json',
        responseJsonSchema: { type: 'object' },
      },
    });
    expect(view).toEqual({
      temperature: 0.3,
      topP: 0.7,
      topK: 17,
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
        { ...emptyMessage('assistant'), toolCalls: [{ name: 'df', arguments: {} }] },
        { ...emptyMessage('user'), toolResults: [{ toolName: 'df', output: '{"output":"99%"}' }] },
      ],
    });
  });

  it('reads the other calling modes and JSON without a schema', () => {
    const mode = (m: string, allowed?: string[]) =>
      read({
        contents: [],
        toolConfig: { functionCallingConfig: { mode: m, allowedFunctionNames: allowed } },
        generationConfig: { responseMimeType: 'application/json' },
      });
    expect(mode('NONE')).toMatchObject({ toolChoice: 'none', responseFormat: { type: 'json' } });
    expect(mode('AUTO').toolChoice).toBe('auto');
    expect(mode('ANY').toolChoice).toBe('required');
    expect(mode('ANY', ['a', 'b']).toolChoice).toBe('required');
  });
});
