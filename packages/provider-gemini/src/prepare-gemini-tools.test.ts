import { describe, expect, it } from 'vitest';
import { prepareGeminiTools } from './prepare-gemini-tools.js';

const tools = [
  { name: 'weather', description: 'Looks up weather', parameters: { type: 'object' } },
  { name: 'time', parameters: { type: 'object', properties: {} } },
];

describe('prepareGeminiTools', () => {
  it('declares tools with their JSON Schema as parametersJsonSchema', () => {
    expect(prepareGeminiTools(tools, undefined)).toEqual({
      tools: [
        {
          functionDeclarations: [
            {
              name: 'weather',
              description: 'Looks up weather',
              parametersJsonSchema: { type: 'object' },
            },
            { name: 'time', parametersJsonSchema: { type: 'object', properties: {} } },
          ],
        },
      ],
      warnings: [],
    });
  });

  it.each([
    ['auto', { mode: 'AUTO' }],
    ['none', { mode: 'NONE' }],
    ['required', { mode: 'ANY' }],
    [
      { type: 'tool', toolName: 'time' },
      { mode: 'ANY', allowedFunctionNames: ['time'] },
    ],
  ] as const)('maps tool choice %j to functionCallingConfig', (choice, functionCallingConfig) => {
    expect(prepareGeminiTools(tools, choice).toolConfig).toEqual({ functionCallingConfig });
  });

  it("sends neither without tools, and refuses what core's checkTools refuses", () => {
    expect(prepareGeminiTools(undefined, 'required')).toEqual({
      warnings: [
        { type: 'unsupported-setting', setting: 'toolChoice', details: 'no tools were given' },
      ],
    });
    expect(prepareGeminiTools([], undefined)).toEqual({ warnings: [] });
    expect(() => prepareGeminiTools(tools, { type: 'tool', toolName: 'nope' })).toThrow(
      expect.objectContaining({
        kind: 'invalid_request',
        message: expect.stringContaining('"nope"'),
      }),
    );
  });
});
