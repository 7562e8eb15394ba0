import type { GenerateContentResponseUsageMetadata } from '@google/genai';
import type { Usage } from '@llmux/core';

/**
 * Gemini's `usageMetadata` as core's `Usage`. `promptTokenCount` already includes the implicit
 * or explicit cache hits (`cachedContentTokenCount`), which are the cache-read tokens; tool-use
 * prompt tokens are input too. `candidatesTokenCount` EXCLUDES the thinking tokens
 * (`thoughtsTokenCount`), while core's `outputTokens` includes reasoning, so they are added.
 * Gemini reports no cache writes.
 */
export function mapGeminiUsage(usage: GenerateContentResponseUsageMetadata | undefined): Usage {
  const reasoningTokens = usage?.thoughtsTokenCount ?? 0;
  return {
    inputTokens: (usage?.promptTokenCount ?? 0) + (usage?.toolUsePromptTokenCount ?? 0),
    outputTokens: (usage?.candidatesTokenCount ?? 0) + reasoningTokens,
    cacheReadTokens: usage?.cachedContentTokenCount ?? 0,
    cacheWriteTokens: 0,
    reasoningTokens,
  };
}
