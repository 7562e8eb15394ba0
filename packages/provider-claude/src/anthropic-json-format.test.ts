import type { GenerateRequest } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { buildAnthropicRequest } from './build-anthropic-request.js';

const ask = (extra: Partial<GenerateRequest> = {}): GenerateRequest => ({
  messages: [{ role: 'user', content: 'Hi' }],
  ...extra,
});
const settings = (warnings: Array<{ type: string; setting?: string }>) =>
  warnings.map((w) => w.setting);

describe('JSON output on Claude', () => {
  it('forces a JSON tool for JSON without a schema', () => {
    const { params, warnings, jsonTool } = buildAnthropicRequest(
      ask({ responseFormat: { type: 'json' } }),
      'claude-opus-5',
      4096,
    );
    expect(jsonTool).toBe('json');
    expect(params.tools).toEqual([
      { name: 'json', description: expect.any(String), input_schema: { type: 'object' } },
    ]);
    expect(params.tool_choice).toEqual({ type: 'tool', name: 'json' });
    expect(params).not.toHaveProperty('output_config');
    expect(warnings).toEqual([]);
  });

  it('uses the schema as the tool input on a model without structured outputs, warning that strict is not enforced', () => {
    const schema = { type: 'object', properties: { ok: { type: 'boolean' } } };
    const { params, warnings, jsonTool } = buildAnthropicRequest(
      ask({ responseFormat: { type: 'json', schema, strict: true } }),
      'claude-sonnet-4-20250514',
      4096,
    );
    expect(jsonTool).toBe('json');
    expect(params.tools).toEqual([
      { name: 'json', description: expect.any(String), input_schema: schema },
    ]);
    expect(settings(warnings)).toEqual(['responseFormat.strict']);
  });

  it('asks in the system prompt where no tool can be forced', () => {
    const { params, warnings, jsonTool } = buildAnthropicRequest(
      ask({
        responseFormat: { type: 'json' },
        tools: [{ name: 'lookup', parameters: { type: 'object' } }],
      }),
      'claude-haiku-4-5',
      4096,
    );
    expect(jsonTool).toBeUndefined();
    expect(params.tools).toHaveLength(1);
    expect(params.system).toEqual([{ type: 'text', text: expect.stringContaining('valid JSON') }]);
    expect(settings(warnings)).toEqual(['responseFormat']);
  });
});
