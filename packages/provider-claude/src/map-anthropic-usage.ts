import type { Usage } from '@llmux/core';

/** The usage fields of a message, or of a stream's `message_start` and `message_delta` merged. */
export interface AnthropicUsageFields {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation?: { ephemeral_1h_input_tokens?: number | null } | null;
  output_tokens_details?: { thinking_tokens?: number | null } | null;
}

/**
 * Anthropic's usage as core's: Anthropic's `input_tokens` leaves out cached tokens, core's
 * `inputTokens` counts them all. Thinking tokens are part of `output_tokens` on both sides.
 */
export function mapAnthropicUsage(usage: AnthropicUsageFields): Usage {
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  const oneHour = usage.cache_creation?.ephemeral_1h_input_tokens ?? 0;
  return {
    inputTokens: (usage.input_tokens ?? 0) + cacheRead + cacheWrite,
    outputTokens: usage.output_tokens ?? 0,
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    ...(oneHour > 0 ? { cacheWrite1hTokens: oneHour } : {}),
    reasoningTokens: usage.output_tokens_details?.thinking_tokens ?? 0,
  };
}

/**
 * A stream's usage: `message_delta` carries cumulative counts that replace `message_start`'s,
 * except where it leaves a field out (older streams send only `output_tokens`).
 */
export function mergeStreamUsage(
  start: AnthropicUsageFields,
  delta: AnthropicUsageFields,
): AnthropicUsageFields {
  const merged: AnthropicUsageFields = { ...start };
  for (const [key, value] of Object.entries(delta)) {
    if (value !== null && value !== undefined) Object.assign(merged, { [key]: value });
  }
  return merged;
}
