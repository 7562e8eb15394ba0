import { LlmuxError } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { readAnthropicProviderOptions } from './anthropic-provider-options.js';

describe('readAnthropicProviderOptions', () => {
  it('reads every known option', () => {
    expect(
      readAnthropicProviderOptions({
        anthropic: {
          thinking: { type: 'enabled', budgetTokens: 2048 },
          effort: 'high',
          disableParallelToolUse: true,
          userId: 'user-7',
          serviceTier: 'standard_only',
        },
        openai: { store: true },
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
    expect(readAnthropicProviderOptions({ anthropic: { betaMagic: 1 } }).warnings).toEqual([
      {
        type: 'unsupported-setting',
        setting: 'providerOptions.anthropic.betaMagic',
        details: 'unknown option',
      },
    ]);
  });

  const thinking =
    "{ type: 'enabled', budgetTokens: an integer >= 1024 }, { type: 'adaptive' } or { type: 'disabled' }";
  it.each([
    [{ thinking: 'on' }, `thinking": expected ${thinking}, got "on"`],
    [
      { thinking: { type: 'enabled', budgetTokens: 10 } },
      `thinking": expected ${thinking}, got object`,
    ],
    [{ thinking: { type: 'maybe' } }, `thinking": expected ${thinking}, got object`],
    [
      { effort: 'extreme' },
      'effort": expected one of low, medium, high, xhigh, max, got "extreme"',
    ],
    [{ disableParallelToolUse: 'yes' }, 'disableParallelToolUse": expected a boolean, got "yes"'],
    [{ userId: 42 }, 'userId": expected a string, got 42'],
    [
      { serviceTier: 'priority' },
      'serviceTier": expected one of auto, standard_only, got "priority"',
    ],
  ])('refuses %j: %s', (anthropic, message) => {
    const attempt = () => readAnthropicProviderOptions({ anthropic });
    expect(attempt).toThrow(LlmuxError);
    expect(attempt).toThrow(
      expect.objectContaining({
        kind: 'invalid_request',
        message: `Invalid option "providerOptions.anthropic.${message}`,
      }),
    );
  });
});
