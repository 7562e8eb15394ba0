import { describe, expect, it } from 'vitest';
import { defaultCatalog } from './default-catalog.js';
import { embeddingDimensions } from './embedding-dimensions.js';

const target = { provider: 'openai', modelId: 'text-embedding-3-small' };

describe('embeddingDimensions', () => {
  it('takes the catalog size, or the setting, which is then sent with each call', () => {
    expect(embeddingDimensions('createOpenAI', defaultCatalog, target)).toEqual({
      dimensions: 1536,
      fixed: false,
    });
    expect(
      embeddingDimensions('createOpenAI', defaultCatalog, target, { dimensions: 768 }),
    ).toEqual({
      dimensions: 768,
      fixed: true,
    });
  });

  it('refuses a bad size, and a model of unknown size without one', () => {
    expect(() =>
      embeddingDimensions('createOpenAI', defaultCatalog, target, { dimensions: 0 }),
    ).toThrow('Invalid createOpenAI setting "dimensions": expected a positive integer, got 0');
    expect(() =>
      embeddingDimensions('createOpenAI', defaultCatalog, {
        provider: 'openai',
        modelId: 'my-embedder',
      }),
    ).toThrow(`the size of openai model "my-embedder"'s vectors, which the catalog does not know`);
  });
});
