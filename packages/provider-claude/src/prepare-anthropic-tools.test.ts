import { describe, expect, it } from 'vitest';
import { prepareAnthropicTools } from './prepare-anthropic-tools.js';

const tools = [
  {
    name: 'search',
    description: 'Searches',
    parameters: { properties: { q: { type: 'string' } } },
  },
];

describe('prepareAnthropicTools', () => {
  it('converts tools with an object input schema', () => {
    expect(prepareAnthropicTools({ tools }).tools).toEqual([
      {
        name: 'search',
        description: 'Searches',
        input_schema: { type: 'object', properties: { q: { type: 'string' } } },
      },
    ]);
  });

  it.each([
    ['auto', { type: 'auto' }],
    ['none', { type: 'none' }],
    ['required', { type: 'any' }],
    [
      { type: 'tool', toolName: 'search' },
      { type: 'tool', name: 'search' },
    ],
    [undefined, undefined],
  ] as const)('maps tool choice %j to %j', (toolChoice, expected) => {
    expect(prepareAnthropicTools({ tools, toolChoice }).toolChoice).toEqual(expected);
  });

  it('turns off parallel tool use on the choice', () => {
    expect(prepareAnthropicTools({ tools, disableParallelToolUse: true }).toolChoice).toEqual({
      type: 'auto',
      disable_parallel_tool_use: true,
    });
    expect(
      prepareAnthropicTools({ tools, toolChoice: 'required', disableParallelToolUse: true })
        .toolChoice,
    ).toEqual({ type: 'any', disable_parallel_tool_use: true });
  });

  it("refuses what core's checkTools refuses, before anything is sent", () => {
    expect(() =>
      prepareAnthropicTools({ tools, toolChoice: { type: 'tool', toolName: 'x' } }),
    ).toThrow(
      expect.objectContaining({ kind: 'invalid_request', message: expect.stringContaining('"x"') }),
    );
  });

  it('warns about a tool choice without tools', () => {
    expect(prepareAnthropicTools({ toolChoice: 'required' })).toEqual({
      warnings: [
        { type: 'unsupported-setting', setting: 'toolChoice', details: 'no tools were given' },
      ],
    });
  });
});
