import { createModelCatalog, defaultCatalog, type Usage } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { geminiPricing } from './gemini-pricing.js';

const usage = (change: Partial<Usage>): Usage => ({
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
  ...change,
});

const catalog = createModelCatalog([
  {
    provider: 'gemini',
    model: 'gemini-test-pro',
    contextWindow: 1_000_000,
    maxOutputTokens: 10_000,
    capabilities: { tools: true, images: true, json: true, jsonSchema: true },
    pricing: {
      input: 1,
      output: 10,
      cacheRead: 0.1,
      longContext: { thresholdTokens: 200_000, input: 2, output: 20, cacheRead: 0.2 },
    },
  },
]);

describe('geminiPricing', () => {
  it('prices cache reads at their rate and output (thoughts included) at the output rate', () => {
    const { costOf, warning } = geminiPricing(catalog, 'gemini-test-pro');
    expect(warning).toBeUndefined();
    // 1000 uncached input at $1/M, 4000 cached at $0.1/M, 500 output at $10/M.
    expect(
      costOf(usage({ inputTokens: 5000, cacheReadTokens: 4000, outputTokens: 500 })),
    ).toBeCloseTo(0.001 + 0.0004 + 0.005, 12);
  });

  it('applies the long-context tier to the whole call above the threshold', () => {
    const { costOf } = geminiPricing(catalog, 'gemini-test-pro');
    expect(costOf(usage({ inputTokens: 300_000, outputTokens: 1000 }))).toBeCloseTo(0.6 + 0.02, 12);
    expect(costOf(usage({ inputTokens: 200_000, outputTokens: 1000 }))).toBeCloseTo(0.2 + 0.01, 12);
  });

  it('prices from core catalog by default, preview snapshots under their base name', () => {
    const cost = geminiPricing(defaultCatalog, 'gemini-2.5-flash').costOf(
      usage({ inputTokens: 1_000_000 }),
    );
    expect(cost).toBe(
      defaultCatalog.costOf(usage({ inputTokens: 1_000_000 }), 'gemini', 'gemini-2.5-flash'),
    );
    expect(cost).toBeGreaterThan(0);
  });

  it('costs an unknown model 0, with a warning saying how to price it', () => {
    const { costOf, warning } = geminiPricing(catalog, 'gemini-unknown');
    expect(costOf(usage({ inputTokens: 10 }))).toBe(0);
    expect(warning).toMatchObject({
      type: 'other',
      message: expect.stringContaining('gemini-unknown'),
    });
  });
});
