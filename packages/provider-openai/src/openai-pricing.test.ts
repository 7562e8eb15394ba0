import { createModelCatalog, defaultCatalog, defaultModels } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { pricingFor } from './openai-pricing.js';

const usage = {
  inputTokens: 1_000_000,
  outputTokens: 1_000_000,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
};

describe('pricingFor', () => {
  it('prices a known model from the catalog, cached tokens at their own rate', () => {
    const pricing = pricingFor(defaultCatalog, 'openai', 'gpt-5-mini');
    expect(pricing.warning).toBeUndefined();
    expect(pricing.costOf(usage)).toBeCloseTo(defaultCatalog.costOf(usage, 'openai', 'gpt-5-mini'));
    expect(pricing.costOf({ ...usage, cacheReadTokens: 500_000 })).toBeLessThan(
      pricing.costOf(usage),
    );
  });

  it('prices an unknown model at 0 with a warning naming it', () => {
    const pricing = pricingFor(defaultCatalog, 'vllm', 'llama-3.1-8b');
    expect(pricing.costOf(usage)).toBe(0);
    expect(pricing.warning).toMatchObject({ type: 'other' });
    expect(JSON.stringify(pricing.warning)).toContain('vllm model \\"llama-3.1-8b\\"');
  });

  it('prices a model added to the catalog', () => {
    const catalog = createModelCatalog(
      [
        {
          provider: 'vllm',
          model: 'llama-3.1-8b',
          contextWindow: 128_000,
          maxOutputTokens: 4096,
          capabilities: { tools: true, images: false, json: true, jsonSchema: true },
          pricing: { input: 0.1, output: 0.2 },
        },
      ],
      defaultModels,
    );
    const pricing = pricingFor(catalog, 'vllm', 'llama-3.1-8b');
    expect(pricing.warning).toBeUndefined();
    expect(pricing.costOf(usage)).toBeCloseTo(0.3, 12);
  });
});
