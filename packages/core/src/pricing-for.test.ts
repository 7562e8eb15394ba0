import { describe, expect, it } from 'vitest';
import { createModelCatalog, type ModelInfo } from './model-catalog.js';
import { pricingFor } from './pricing-for.js';
import { emptyUsage, type Usage } from './usage.js';

const usage = (change: Partial<Usage>): Usage => ({ ...emptyUsage(), ...change });

const pro: ModelInfo = {
  provider: 'gemini',
  model: 'gemini-test-pro',
  contextWindow: 1_000_000,
  maxOutputTokens: 10_000,
  capabilities: { tools: true, images: true, json: true, jsonSchema: true },
  pricing: {
    input: 1,
    output: 10,
    cacheRead: 0.1,
    cacheWrite: 1.25,
    cacheWrite1h: 2,
    longContext: { thresholdTokens: 200_000, input: 2, output: 20, cacheRead: 0.2 },
    cacheStoragePerHour: 4.5,
  },
};
const catalog = createModelCatalog([pro]);

describe('pricingFor', () => {
  it('prices a known model with the catalog, each kind of token at its own rate', () => {
    const pricing = pricingFor(catalog, 'gemini', 'gemini-test-pro');
    expect(pricing.warning).toBeUndefined();
    // 1000 uncached input at $1/M, 4000 cache reads at $0.1/M, 500 output at $10/M.
    expect(
      pricing.costOf(usage({ inputTokens: 5000, cacheReadTokens: 4000, outputTokens: 500 })),
    ).toBeCloseTo(0.001 + 0.0004 + 0.005, 12);
    // 1000 five-minute writes at $1.25/M and 1000 one-hour writes at $2/M.
    expect(
      pricing.costOf(
        usage({ inputTokens: 2000, cacheWriteTokens: 2000, cacheWrite1hTokens: 1000 }),
      ),
    ).toBeCloseTo(0.00125 + 0.002, 12);
  });

  it('applies the long-context tier to the whole call above the threshold', () => {
    const { costOf } = pricingFor(catalog, 'gemini', 'gemini-test-pro');
    expect(costOf(usage({ inputTokens: 300_000, outputTokens: 1000 }))).toBeCloseTo(0.6 + 0.02, 12);
    expect(costOf(usage({ inputTokens: 200_000, outputTokens: 1000 }))).toBeCloseTo(0.2 + 0.01, 12);
  });

  it('prices the storage of an explicit context cache, 0 for a model without a storage rate', () => {
    const { costOfStorage } = pricingFor(catalog, 'gemini', 'gemini-test-pro');
    // 100k tokens for half an hour at $4.50 per million per hour.
    expect(costOfStorage?.({ tokens: 100_000, hours: 0.5 })).toBeCloseTo(0.225, 12);
    const noRate = createModelCatalog([{ ...pro, pricing: { input: 1, output: 10 } }]);
    expect(
      pricingFor(noRate, 'gemini', 'gemini-test-pro').costOfStorage?.({ tokens: 1, hours: 1 }),
    ).toBe(0);
  });

  it('finds a dated snapshot under its base name', () => {
    const { costOf, warning } = pricingFor(catalog, 'gemini', 'gemini-test-pro-latest');
    expect(warning).toBeUndefined();
    expect(costOf(usage({ inputTokens: 100_000 }))).toBeCloseTo(0.1, 12);
  });

  it('costs an unknown model 0, with a warning naming it and saying how to price it', () => {
    const pricing = pricingFor(catalog, 'local-vllm', 'llama-3.1-8b');
    expect(pricing.costOf(usage({ inputTokens: 1_000_000, outputTokens: 10 }))).toBe(0);
    expect(pricing.warning).toEqual({
      type: 'other',
      message:
        'No price is known for local-vllm model "llama-3.1-8b": costUsd is 0. Add its price with createModelCatalog() and pass that catalog to the provider.',
    });
  });

  it('looks the model up under the provider it is given', () => {
    expect(pricingFor(catalog, 'openai', 'gemini-test-pro').warning).toBeDefined();
  });
});
