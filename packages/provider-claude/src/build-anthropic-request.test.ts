import { type GenerateRequest, LlmuxError } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { buildAnthropicRequest } from './build-anthropic-request.js';

const ask = (extra: Partial<GenerateRequest> = {}): GenerateRequest => ({
  messages: [{ role: 'user', content: 'Hi' }],
  ...extra,
});

describe('buildAnthropicRequest', () => {
  it('maps the plain settings', () => {
    const { params, warnings } = buildAnthropicRequest(
      ask({ maxOutputTokens: 300, stopSequences: ['END'], temperature: 0.2, topP: 0.9, topK: 40 }),
      'claude-haiku-4-5',
      4096,
    );
    expect(params).toEqual({
      model: 'claude-haiku-4-5',
      max_tokens: 300,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      stop_sequences: ['END'],
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
    });
    expect(warnings).toEqual([]);
  });

  it('uses the default max tokens and warns about what Anthropic lacks', () => {
    const { params, warnings } = buildAnthropicRequest(
      ask({ seed: 7, temperature: 0.5, responseFormat: { type: 'json' } }),
      'claude-opus-4-8',
      1234,
    );
    expect(params.max_tokens).toBe(1234);
    expect(params).not.toHaveProperty('temperature');
    expect(warnings.map((w) => (w.type === 'unsupported-setting' ? w.setting : w.message))).toEqual(
      ['temperature', 'seed'],
    );
  });

  it('asks for JSON with a schema through output_config', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    const { params, warnings } = buildAnthropicRequest(
      ask({
        responseFormat: { type: 'json', schema },
        providerOptions: { anthropic: { effort: 'low' } },
      }),
      'claude-haiku-4-5',
      4096,
    );
    expect(params.output_config).toEqual({
      format: { type: 'json_schema', schema },
      effort: 'low',
    });
    expect(warnings).toEqual([]);
  });

  it('maps provider options and drops sampling that thinking does not allow', () => {
    const { params, warnings } = buildAnthropicRequest(
      ask({
        temperature: 0.3,
        topP: 0.95,
        tools: [{ name: 't', parameters: {} }],
        providerOptions: {
          anthropic: {
            thinking: { type: 'enabled', budgetTokens: 2048 },
            userId: 'u-1',
            serviceTier: 'auto',
            disableParallelToolUse: true,
          },
          openai: { ignored: true },
        },
      }),
      'claude-sonnet-4-5',
      4096,
    );
    expect(params).toMatchObject({
      thinking: { type: 'enabled', budget_tokens: 2048 },
      metadata: { user_id: 'u-1' },
      service_tier: 'auto',
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      top_p: 0.95,
    });
    expect(params).not.toHaveProperty('temperature');
    expect(warnings).toEqual([
      {
        type: 'unsupported-setting',
        setting: 'temperature',
        details: 'not compatible with extended thinking',
      },
    ]);
  });

  it('puts the prompt-cache breakpoint on the hinted prefix', () => {
    const { params } = buildAnthropicRequest(
      ask({
        messages: [
          { role: 'system', content: 'Long stable rules' },
          { role: 'user', content: 'Question' },
        ],
        promptCache: { prefix: 'system', ttl: '1h' },
      }),
      'claude-haiku-4-5',
      4096,
    );
    expect(params.system).toEqual([
      { type: 'text', text: 'Long stable rules', cache_control: { type: 'ephemeral', ttl: '1h' } },
    ]);
  });

  it.each([
    [ask({ maxOutputTokens: 0 }), 'request.maxOutputTokens'],
    [ask({ messages: [{ role: 'system', content: 'only rules' }] }), 'request.messages'],
    [{ messages: 'hello' } as never, 'request.messages'],
  ])('refuses a request it cannot send (%#)', (request, field) => {
    const attempt = () => buildAnthropicRequest(request, 'claude-haiku-4-5', 4096);
    expect(attempt).toThrow(LlmuxError);
    expect(attempt).toThrow(field);
  });
});
