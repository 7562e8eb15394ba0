import type { GenerateRequest } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { buildAnthropicRequest } from './build-anthropic-request.js';

const ask = (extra: Partial<GenerateRequest> = {}): GenerateRequest => ({
  messages: [{ role: 'user', content: 'Hi' }],
  ...extra,
});
const settings = (warnings: Array<{ type: string; setting?: string }>) =>
  warnings.map((w) => w.setting);

describe('reasoning as Claude thinking', () => {
  it('gives a budget model a budget from the effort, making room above it when max_tokens was left to the default', () => {
    const { params, warnings } = buildAnthropicRequest(
      ask({ reasoning: { effort: 'medium' } }),
      'claude-sonnet-4-5',
      4096,
    );
    expect(params.thinking).toEqual({ type: 'enabled', budget_tokens: 8192 });
    expect(params.max_tokens).toBe(8192 + 4096);
    expect(warnings).toEqual([]);
  });

  it("keeps an explicit budget inside Anthropic's rules, saying so", () => {
    const low = buildAnthropicRequest(
      ask({ reasoning: { budgetTokens: 300 }, maxOutputTokens: 5000 }),
      'claude-haiku-4-5',
      4096,
    );
    expect(low.params.thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    expect(low.params.max_tokens).toBe(5000);
    expect(low.warnings).toEqual([
      expect.objectContaining({
        setting: 'reasoning.budgetTokens',
        details: expect.stringContaining('1024'),
      }),
    ]);

    const high = buildAnthropicRequest(
      ask({ reasoning: { budgetTokens: 9000 }, maxOutputTokens: 3000 }),
      'claude-haiku-4-5',
      4096,
    );
    expect(high.params.thinking).toEqual({ type: 'enabled', budget_tokens: 2999 });
    expect(high.params.max_tokens).toBe(3000);
    expect(settings(high.warnings)).toEqual(['reasoning.budgetTokens']);

    const none = buildAnthropicRequest(
      ask({ reasoning: { effort: 'high' }, maxOutputTokens: 800 }),
      'claude-haiku-4-5',
      4096,
    );
    expect(none.params).not.toHaveProperty('thinking');
    expect(settings(none.warnings)).toEqual(['reasoning']);
  });

  it('gives an adaptive model adaptive thinking steered by an effort', () => {
    const { params } = buildAnthropicRequest(
      ask({ reasoning: { budgetTokens: 20_000 } }),
      'claude-opus-5',
      4096,
    );
    expect(params.thinking).toEqual({ type: 'adaptive', display: 'summarized' });
    expect(params.output_config).toEqual({ effort: 'high' });
    expect(params.max_tokens).toBe(4096);
    const minimal = buildAnthropicRequest(
      ask({ reasoning: { effort: 'minimal' } }),
      'claude-opus-4-7',
      4096,
    );
    expect(minimal.params.output_config).toEqual({ effort: 'low' });
  });

  it('turns thinking off for effort none, and warns for a model that does not think', () => {
    const off = buildAnthropicRequest(
      ask({ reasoning: { effort: 'none' } }),
      'claude-sonnet-4-6',
      4096,
    );
    expect(off.params.thinking).toEqual({ type: 'disabled' });
    const old = buildAnthropicRequest(
      ask({ reasoning: { effort: 'low' } }),
      'claude-3-5-haiku-20241022',
      4096,
    );
    expect(old.params).not.toHaveProperty('thinking');
    expect(old.warnings).toEqual([
      {
        type: 'unsupported-setting',
        setting: 'reasoning',
        details: 'claude-3-5-haiku-20241022 does not think',
      },
    ]);
  });

  it('lets providerOptions.anthropic.thinking and effort win', () => {
    const { params } = buildAnthropicRequest(
      ask({
        reasoning: { effort: 'high' },
        providerOptions: { anthropic: { thinking: { type: 'enabled', budgetTokens: 2048 } } },
      }),
      'claude-sonnet-4-5',
      4096,
    );
    expect(params.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    const adaptive = buildAnthropicRequest(
      ask({ reasoning: { effort: 'low' }, providerOptions: { anthropic: { effort: 'max' } } }),
      'claude-opus-5',
      4096,
    );
    expect(adaptive.params.output_config).toEqual({ effort: 'max' });
  });

  it('does not think beside a forced tool, which Anthropic refuses', () => {
    const { params, warnings } = buildAnthropicRequest(
      ask({
        reasoning: { effort: 'low' },
        tools: [{ name: 'lookup', parameters: { type: 'object' } }],
        toolChoice: 'required',
      }),
      'claude-sonnet-4-5',
      4096,
    );
    expect(params).not.toHaveProperty('thinking');
    expect(params.tool_choice).toEqual({ type: 'any' });
    expect(settings(warnings)).toEqual(['reasoning']);
  });
});
