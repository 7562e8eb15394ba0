import { describe, expect, it } from 'vitest';
import { prepareOpenAITools } from './prepare-openai-tools.js';

const weather = {
  name: 'weather',
  description: 'Forecast',
  parameters: { type: 'object', properties: { city: { type: 'string' } } },
};

describe('prepareOpenAITools', () => {
  it('sends tools as functions', () => {
    expect(prepareOpenAITools([weather, { name: 'now', parameters: {} }], undefined)).toEqual({
      tools: [
        { type: 'function', function: weather },
        { type: 'function', function: { name: 'now', parameters: {} } },
      ],
      tool_choice: undefined,
      warnings: [],
    });
  });

  it.each([
    ['auto', 'auto'],
    ['none', 'none'],
    ['required', 'required'],
    [
      { type: 'tool', toolName: 'weather' },
      { type: 'function', function: { name: 'weather' } },
    ],
  ] as const)('maps tool choice %j', (choice, expected) => {
    expect(prepareOpenAITools([weather], choice).tool_choice).toEqual(expected);
  });

  it('refuses a tool choice naming a tool it was not given', () => {
    expect(() => prepareOpenAITools([weather], { type: 'tool', toolName: 'other' })).toThrow(
      /toolChoice must be .* naming one of the tools/,
    );
  });

  it('warns about a tool choice without tools', () => {
    expect(prepareOpenAITools(undefined, 'required')).toEqual({
      warnings: [
        { type: 'unsupported-setting', setting: 'toolChoice', details: 'no tools were given' },
      ],
    });
    expect(prepareOpenAITools([], undefined)).toEqual({ warnings: [] });
  });

  it('refuses malformed tools, naming the field', () => {
    expect(() => prepareOpenAITools([{ name: '', parameters: {} }], undefined)).toThrow(
      'tools[0].name must be a non-empty string',
    );
    expect(() =>
      prepareOpenAITools([weather, { name: 'x', parameters: null as never }], undefined),
    ).toThrow('tools[1].parameters must be a JSON Schema object');
    expect(() => prepareOpenAITools({} as never, undefined)).toThrow('tools must be an array');
  });
});
