import { describe, expect, it } from 'vitest';
import { defaultCatalog } from './default-catalog.js';
import { defaultModels } from './default-models.js';
import { LlmuxError } from './errors.js';
import { createModelCatalog, type ModelInfo, priceUsage } from './model-catalog.js';
import { emptyUsage, type Usage } from './usage.js';

const usage = (u: Partial<Usage>): Usage => ({ ...emptyUsage(), ...u });

const custom: ModelInfo = {
  provider: 'openai',
  model: 'gpt-5',
  contextWindow: 400_000,
  maxOutputTokens: 128_000,
  capabilities: { tools: true, images: false, json: true, jsonSchema: false },
  pricing: { input: 1, output: 2 },
};

describe('priceUsage', () => {
  it('bills cached and written tokens at their own rates and the rest at the input rate', () => {
    const pricing = { input: 10, output: 20, cacheRead: 1, cacheWrite: 12.5, cacheWrite1h: 20 };
    const cost = priceUsage(
      usage({
        inputTokens: 1_000_000,
        cacheReadTokens: 300_000,
        cacheWriteTokens: 200_000,
        cacheWrite1hTokens: 50_000,
        outputTokens: 100_000,
      }),
      pricing,
    );
    // 500K uncached * 10 + 300K * 1 + 150K * 12.5 + 50K * 20 + 100K * 20, per million.
    expect(cost).toBeCloseTo(5 + 0.3 + 1.875 + 1 + 2, 12);
  });

  it('falls back to the input rate for unpriced cache tokens, and to the 5m rate for 1h writes', () => {
    const tokens = usage({ inputTokens: 3e6, cacheReadTokens: 1e6, cacheWriteTokens: 1e6 });
    expect(priceUsage(tokens, { input: 2, output: 8 })).toBe(6);
    const with1h = { ...tokens, cacheWrite1hTokens: 1e6 };
    expect(priceUsage(with1h, { input: 2, output: 8, cacheWrite: 3 })).toBe(2 + 2 + 3);
  });

  it('counts no more 1h writes than there were writes', () => {
    const tokens = usage({ inputTokens: 1e6, cacheWriteTokens: 1e6, cacheWrite1hTokens: 5e6 });
    expect(priceUsage(tokens, { input: 1, output: 1, cacheWrite: 2, cacheWrite1h: 4 })).toBe(4);
  });

  it('switches the whole call to long-context rates only above the threshold', () => {
    const pricing = {
      input: 1,
      output: 10,
      longContext: { thresholdTokens: 200_000, input: 2, output: 15 },
    };
    expect(priceUsage(usage({ inputTokens: 200_000, outputTokens: 1e6 }), pricing)).toBe(10.2);
    expect(priceUsage(usage({ inputTokens: 200_001, outputTokens: 1e6 }), pricing)).toBeCloseTo(
      15 + 0.400002,
      12,
    );
  });

  it.each([
    ['inputTokens', Number.NaN],
    ['outputTokens', -1],
    ['cacheReadTokens', Number.POSITIVE_INFINITY],
    ['cacheWrite1hTokens', '12'],
  ])('rejects usage.%s = %s with an invalid_request naming the field', (field, value) => {
    const bad = { ...emptyUsage(), [field]: value } as Usage;
    const error = catchError(() => priceUsage(bad, { input: 1, output: 1 }));
    expect(error.kind).toBe('invalid_request');
    expect(error.message).toContain(`usage.${field}`);
  });
});

describe('createModelCatalog', () => {
  it('lets the caller replace a default price and add a model, leaving the defaults alone', () => {
    const extra: ModelInfo = { ...custom, provider: 'local', model: 'llama' };
    const catalog = createModelCatalog([custom, extra], defaultModels);
    const oneMillionIn = usage({ inputTokens: 1e6 });
    expect(catalog.costOf(oneMillionIn, 'openai', 'gpt-5')).toBe(1);
    expect(catalog.costOf(oneMillionIn, 'local', 'llama')).toBe(1);
    expect(catalog.list()).toHaveLength(defaultModels.length + 1);
    expect(defaultCatalog.costOf(oneMillionIn, 'openai', 'gpt-5')).toBe(1.25);
  });

  it.each([
    ['anthropic', 'claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
    ['anthropic', 'claude-haiku-4-5-20251001', 'claude-haiku-4-5'],
    ['openai', 'gpt-4o-mini-2024-07-18', 'gpt-4o-mini'],
    ['openai', 'gpt-5-nano-2025-08-07', 'gpt-5-nano'],
    ['gemini', 'gemini-2.5-flash-preview-09-2025', 'gemini-2.5-flash'],
    ['gemini', 'gemini-2.5-pro-latest', 'gemini-2.5-pro'],
    ['gemini', 'gemini-3-pro-preview', 'gemini-3-pro-preview'],
  ])('finds %s %s under %s', (provider, id, model) => {
    expect(defaultCatalog.get(provider, id)?.model).toBe(model);
  });

  it('prefers an exact dated entry over its undated family', () => {
    const dated = { ...custom, model: 'gpt-5-2025-08-07', pricing: { input: 9, output: 9 } };
    const catalog = createModelCatalog([dated], defaultModels);
    expect(catalog.get('openai', 'gpt-5-2025-08-07')?.pricing.input).toBe(9);
    expect(catalog.get('openai', 'gpt-5-2026-01-01')?.pricing.input).toBe(1.25);
  });

  it.each([
    ['openai', 'gpt-unknown'],
    ['openai', 'claude-opus-5'],
    ['mistral', 'gpt-5'],
  ])('throws not_found for %s %s', (provider, model) => {
    const error = catchError(() => defaultCatalog.costOf(emptyUsage(), provider, model));
    expect(error.kind).toBe('not_found');
    expect(error.retryable).toBe(false);
    expect(error).toMatchObject({ provider, model });
    expect(error.message).toContain(model);
  });
});

function catchError(fn: () => unknown): LlmuxError {
  try {
    fn();
  } catch (error) {
    if (LlmuxError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an LlmuxError');
}
