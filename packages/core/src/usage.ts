/**
 * Token counts of one call. `inputTokens` counts every input token, cached or not, so
 * `inputTokens - cacheReadTokens - cacheWriteTokens` were billed at the plain input rate.
 * `outputTokens` includes `reasoningTokens`.
 */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /**
   * Of `cacheWriteTokens`, those written with Anthropic's 1-hour lifetime, which cost more than
   * the default 5-minute writes. Absent means every write had the default lifetime.
   */
  cacheWrite1hTokens?: number;
  reasoningTokens: number;
}

export const emptyUsage = (): Usage => ({
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
});

export const totalTokens = (usage: Usage): number => usage.inputTokens + usage.outputTokens;
