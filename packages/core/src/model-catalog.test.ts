import { describe, expect, it } from 'vitest';
import { defaultCatalog } from './default-catalog.js';
import { defaultModels } from './default-models.js';
import { LlmuxError } from './errors.js';
import { createModelCatalog, type ModelInfo } from './model-catalog.js';
import { UnpricedModelError } from './unpriced-model-error.js';
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

  it('prices a call at batch rates when asked', () => {
    const batched = {
      ...custom,
      pricing: { input: 1, output: 2, batch: { input: 0.5, output: 1 } },
    };
    const catalog = createModelCatalog([batched]);
    const tokens = usage({ inputTokens: 1e6, outputTokens: 1e6 });
    expect(catalog.costOf(tokens, 'openai', 'gpt-5')).toBe(3);
    expect(catalog.costOf(tokens, 'openai', 'gpt-5', { batch: true })).toBe(1.5);
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
    expect(UnpricedModelError.isInstance(error)).toBe(true);
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
