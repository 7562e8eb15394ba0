import { describe, expect, it } from 'vitest';
import { o200kBase } from './o200k-base.js';
import { openaiTokenizer } from './openai-tokenizer.js';

describe('openaiTokenizer', () => {
  it.each([
    'gpt-4o',
    'gpt-4o-mini',
    'chatgpt-4o-latest',
    'gpt-4.1-nano',
    'gpt-4.5-preview',
    'gpt-5',
    'gpt-5-mini',
    'gpt-6',
    'o1',
    'o3-mini',
    'o4-mini',
  ])('counts %s with o200k_base', (modelId) => {
    expect(openaiTokenizer(modelId)).toBe(o200kBase);
  });

  it.each(['gpt-4', 'gpt-4-turbo', 'gpt-3.5-turbo', 'llama-3.1-8b', 'text-embedding-3-small'])(
    'has no exact counter for %s',
    (modelId) => {
      expect(openaiTokenizer(modelId)).toBeUndefined();
    },
  );
});
