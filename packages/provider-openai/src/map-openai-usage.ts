import type { Usage } from '@llmux/core';
import type { CompletionUsage } from 'openai/resources/completions';

/**
 * OpenAI's `usage` as core's. `prompt_tokens` already includes the cached tokens and
 * `completion_tokens` the reasoning tokens, which is how core counts them too.
 */
export const mapOpenAIUsage = (usage: CompletionUsage | null | undefined): Usage => ({
  inputTokens: usage?.prompt_tokens ?? 0,
  outputTokens: usage?.completion_tokens ?? 0,
  cacheReadTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
  cacheWriteTokens: usage?.prompt_tokens_details?.cache_write_tokens ?? 0,
  reasoningTokens: usage?.completion_tokens_details?.reasoning_tokens ?? 0,
});
