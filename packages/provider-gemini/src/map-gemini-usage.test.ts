import { emptyUsage } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { mapGeminiUsage } from './map-gemini-usage.js';

describe('mapGeminiUsage', () => {
  it('adds the thoughts Gemini leaves out of candidatesTokenCount to the output', () => {
    // gemma-4-output-usage.chunks.txt: 6 + 1 + 76 = totalTokenCount 83.
    expect(
      mapGeminiUsage({
        promptTokenCount: 6,
        candidatesTokenCount: 1,
        thoughtsTokenCount: 76,
        totalTokenCount: 83,
      }),
    ).toEqual({
      inputTokens: 6,
      outputTokens: 77,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 76,
    });
  });

  it('reports implicit cache hits as cache reads inside the input, and tool-use prompts as input', () => {
    expect(
      mapGeminiUsage({
        promptTokenCount: 3000,
        cachedContentTokenCount: 2048,
        toolUsePromptTokenCount: 100,
        candidatesTokenCount: 30,
      }),
    ).toEqual({
      inputTokens: 3100,
      outputTokens: 30,
      cacheReadTokens: 2048,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    });
  });

  it('is all zero without usage', () => {
    expect(mapGeminiUsage(undefined)).toEqual(emptyUsage());
  });
});
