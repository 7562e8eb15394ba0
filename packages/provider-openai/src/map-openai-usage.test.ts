import { emptyUsage } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { mapOpenAIUsage } from './map-openai-usage.js';

describe('mapOpenAIUsage', () => {
  it('keeps cached tokens inside input and reasoning tokens inside output', () => {
    expect(
      mapOpenAIUsage({
        prompt_tokens: 10_122,
        completion_tokens: 78,
        total_tokens: 10_200,
        prompt_tokens_details: { cached_tokens: 9_984, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 64, audio_tokens: 0 },
      }),
    ).toEqual({
      inputTokens: 10_122,
      outputTokens: 78,
      cacheReadTokens: 9_984,
      cacheWriteTokens: 0,
      reasoningTokens: 64,
    });
  });

  it('reads cache writes where the API reports them', () => {
    expect(
      mapOpenAIUsage({
        prompt_tokens: 5000,
        completion_tokens: 1,
        total_tokens: 5001,
        prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 4096 },
      }).cacheWriteTokens,
    ).toBe(4096);
  });

  it('is all zeros without details or without usage', () => {
    const zeros = emptyUsage();
    expect(mapOpenAIUsage(undefined)).toEqual(zeros);
    expect(mapOpenAIUsage({ prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 })).toEqual({
      ...zeros,
      inputTokens: 3,
      outputTokens: 2,
    });
  });
});
