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

  it("sends neither without tools, and refuses what core's checkTools refuses", () => {
    expect(prepareOpenAITools(undefined, 'required')).toEqual({
      warnings: [
        { type: 'unsupported-setting', setting: 'toolChoice', details: 'no tools were given' },
      ],
    });
    expect(() => prepareOpenAITools([weather], { type: 'tool', toolName: 'other' })).toThrow(
      expect.objectContaining({
        kind: 'invalid_request',
        message: expect.stringContaining('"other"'),
      }),
    );
  });
});
