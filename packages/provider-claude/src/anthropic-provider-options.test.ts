import { LlmuxError } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { readAnthropicProviderOptions } from './anthropic-provider-options.js';

describe('readAnthropicProviderOptions', () => {
  it('reads every known option', () => {
    expect(
      readAnthropicProviderOptions({
        thinking: { type: 'enabled', budgetTokens: 2048 },
        effort: 'high',
        disableParallelToolUse: true,
        userId: 'user-7',
        serviceTier: 'standard_only',
      }),
    ).toEqual({
      options: {
        thinking: { type: 'enabled', budgetTokens: 2048 },
        effort: 'high',
        disableParallelToolUse: true,
        userId: 'user-7',
        serviceTier: 'standard_only',
      },
      warnings: [],
    });
  });

  it('warns about unknown keys', () => {
    expect(readAnthropicProviderOptions({ betaMagic: 1 }).warnings).toEqual([
      { type: 'unsupported-setting', setting: 'providerOptions.anthropic.betaMagic' },
    ]);
  });

  it.each([
    [{ thinking: 'on' }, 'providerOptions.anthropic.thinking'],
    [{ thinking: { type: 'enabled', budgetTokens: 10 } }, 'thinking.budgetTokens'],
    [{ thinking: { type: 'maybe' } }, 'thinking.type'],
    [{ effort: 'extreme' }, 'effort'],
    [{ disableParallelToolUse: 'yes' }, 'disableParallelToolUse'],
    [{ userId: 42 }, 'userId'],
    [{ serviceTier: 'priority' }, 'serviceTier'],
  ])('refuses %j naming %s', (raw, field) => {
    const attempt = () => readAnthropicProviderOptions(raw);
    expect(attempt).toThrow(LlmuxError);
    expect(attempt).toThrow(field);
  });
});
