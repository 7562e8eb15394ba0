import { describe, expect, it } from 'vitest';
import { checkTools } from './check-tools.js';

const weather = {
  name: 'weather',
  description: 'Forecast',
  parameters: { type: 'object', properties: { city: { type: 'string' } } },
};
const time = { name: 'time', parameters: {} };

describe('checkTools', () => {
  it('gives well-formed tools and any valid choice back', () => {
    for (const toolChoice of [
      undefined,
      'auto',
      'none',
      'required',
      { type: 'tool', toolName: 'time' },
    ]) {
      expect(checkTools([weather, time], toolChoice)).toEqual({
        tools: [weather, time],
        ...(toolChoice === undefined ? {} : { toolChoice }),
        warnings: [],
      });
    }
  });

  it('drops a tool choice without tools, with a warning', () => {
    expect(checkTools(undefined, 'required')).toEqual({
      tools: [],
      warnings: [
        { type: 'unsupported-setting', setting: 'toolChoice', details: 'no tools were given' },
      ],
    });
    expect(checkTools([], undefined)).toEqual({ tools: [], warnings: [] });
  });

  it.each([
    [{}, undefined, 'tools must be an array'],
    [[{ name: '', parameters: {} }], undefined, 'tools[0].name must be a non-empty string'],
    [[weather, null], undefined, 'tools[1].name must be a non-empty string'],
    [
      [weather, { name: 'x', parameters: null }],
      undefined,
      'tools[1].parameters must be a JSON Schema object',
    ],
    [
      [{ name: 'x', parameters: [] }],
      undefined,
      'tools[0].parameters must be a JSON Schema object',
    ],
    [
      [{ name: 'x', parameters: {}, description: 3 }],
      undefined,
      'tools[0].description must be a string',
    ],
    [[weather, weather], undefined, 'tools[1].name "weather" is given twice'],
    [
      [weather],
      { type: 'tool', toolName: 'nope' },
      `toolChoice must be auto, none, required or { type: 'tool', toolName } naming one of the tools, got {"type":"tool","toolName":"nope"}`,
    ],
    [
      [weather],
      'toString',
      `toolChoice must be auto, none, required or { type: 'tool', toolName } naming one of the tools, got "toString"`,
    ],
  ])('refuses tools %j with choice %j: %s', (tools, toolChoice, message) => {
    expect(() => checkTools(tools, toolChoice)).toThrow(
      expect.objectContaining({ kind: 'invalid_request', message }),
    );
  });
});
