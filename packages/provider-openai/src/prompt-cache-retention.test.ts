import { describe, expect, it } from 'vitest';
import { promptCacheRetention } from './prompt-cache-retention.js';

describe('promptCacheRetention', () => {
  it.each([
    ['gpt-5.1', '1h', '24h'],
    ['gpt-4.1', '1h', '24h'],
    ['gpt-5-codex', '1h', '24h'],
    ['gpt-6-luna', '1h', '24h'],
    ['gpt-5.5', '1h', '24h'],
    ['gpt-5.1', '5m', 'in_memory'],
    ['gpt-5-2025-08-07', '5m', 'in_memory'],
    ['gpt-6.2-sol', '5m', undefined],
    ['gpt-4o-mini', '5m', undefined],
    ['gpt-5.1', undefined, undefined],
  ] as const)('sends %s with ttl %s the retention %s', (model, ttl, retention) => {
    expect(promptCacheRetention(model, ttl)).toEqual({
      ...(retention ? { retention } : {}),
      warnings: [],
    });
  });

  it('warns that a model with in-memory caches only cannot keep one for an hour', () => {
    for (const model of ['gpt-4o-mini', 'gpt-5-mini', 'meta-llama/Llama-3.1-8B-Instruct']) {
      expect(promptCacheRetention(model, '1h')).toEqual({
        warnings: [
          {
            type: 'unsupported-setting',
            setting: 'promptCache.ttl',
            details: `${model} keeps prompt caches in memory only, gone within an hour of their last use`,
          },
        ],
      });
    }
  });
});
