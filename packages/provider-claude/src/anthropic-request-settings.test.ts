import type { GenerateRequest } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { buildAnthropicRequest } from './build-anthropic-request.js';

const ask = (extra: Partial<GenerateRequest> = {}): GenerateRequest => ({
  messages: [{ role: 'user', content: 'Hi' }],
  ...extra,
});
const settings = (warnings: Array<{ type: string; setting?: string }>) =>
  warnings.map((w) => w.setting);

describe('the other settings on Claude', () => {
  it('maps parallel tool calls, service tier and the end user', () => {
    const { params, warnings } = buildAnthropicRequest(
      ask({
        tools: [{ name: 'lookup', parameters: { type: 'object' } }],
        parallelToolCalls: false,
        serviceTier: 'default',
        metadata: { user: 'user-7' },
      }),
      'claude-haiku-4-5',
      4096,
    );
    expect(params).toMatchObject({
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      service_tier: 'standard_only',
      metadata: { user_id: 'user-7' },
    });
    expect(warnings).toEqual([]);
    const auto = buildAnthropicRequest(ask({ serviceTier: 'auto' }), 'claude-haiku-4-5', 4096);
    expect(auto.params.service_tier).toBe('auto');
  });

  it('warns for what Anthropic has no equivalent of', () => {
    const { params, warnings } = buildAnthropicRequest(
      ask({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { kind: 'url', url: 'https://x/a.png' }, detail: 'low' },
            ],
          },
        ],
        frequencyPenalty: 0.5,
        presencePenalty: 0.5,
        logprobs: { top: 2 },
        serviceTier: 'flex',
      }),
      'claude-haiku-4-5',
      4096,
    );
    expect(params).not.toHaveProperty('service_tier');
    expect(settings(warnings)).toEqual([
      'messages[0].content[0].detail',
      'frequencyPenalty',
      'presencePenalty',
      'logprobs',
      'serviceTier',
    ]);
  });

  it('refuses a wrong setting naming it', () => {
    expect(() =>
      buildAnthropicRequest(ask({ reasoning: { budgetTokens: -1 } }), 'claude-haiku-4-5', 4096),
    ).toThrow('"reasoning.budgetTokens"');
  });
});
