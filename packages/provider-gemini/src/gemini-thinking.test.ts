import { describe, expect, it } from 'vitest';
import { geminiThinkingConfig } from './gemini-thinking.js';

describe('geminiThinkingConfig', () => {
  it('gives Gemini 3 a thinking level, and says it cannot stop thinking', () => {
    expect(geminiThinkingConfig({ budgetTokens: 20_000 }, 'gemini-3-pro-preview')).toEqual({
      thinkingConfig: { thinkingLevel: 'HIGH', includeThoughts: true },
      warnings: [],
    });
    const none = geminiThinkingConfig({ effort: 'none' }, 'gemini-3-flash-preview');
    expect(none.thinkingConfig).toEqual({ thinkingLevel: 'MINIMAL', includeThoughts: false });
    expect(none.warnings.map((w) => w.type === 'unsupported-setting' && w.setting)).toEqual([
      'reasoning',
    ]);
  });

  it("gives Gemini 2.5 a budget inside the model's range", () => {
    expect(geminiThinkingConfig({ effort: 'low' }, 'gemini-2.5-flash')).toEqual({
      thinkingConfig: { thinkingBudget: 4096, includeThoughts: true },
      warnings: [],
    });
    expect(geminiThinkingConfig({ effort: 'none' }, 'gemini-2.5-flash').thinkingConfig).toEqual({
      thinkingBudget: 0,
    });
    const pro = geminiThinkingConfig({ budgetTokens: 50 }, 'gemini-2.5-pro');
    expect(pro.thinkingConfig).toEqual({ thinkingBudget: 128, includeThoughts: true });
    expect(pro.warnings).toEqual([
      expect.objectContaining({
        setting: 'reasoning.budgetTokens',
        details: expect.stringContaining('128 to 32768'),
      }),
    ]);
    const off = geminiThinkingConfig({ effort: 'none' }, 'gemini-2.5-pro');
    expect(off.thinkingConfig).toEqual({ thinkingBudget: 128, includeThoughts: true });
    expect(off.warnings).toEqual([expect.objectContaining({ setting: 'reasoning' })]);
  });

  it('warns for a model that does not think, and does nothing when not asked', () => {
    expect(geminiThinkingConfig({ effort: 'high' }, 'gemini-2.0-flash')).toEqual({
      warnings: [expect.objectContaining({ setting: 'reasoning' })],
    });
    expect(geminiThinkingConfig(undefined, 'gemini-2.5-flash')).toEqual({ warnings: [] });
  });
});
