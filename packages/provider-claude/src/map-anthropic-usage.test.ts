import { describe, expect, it } from 'vitest';
import { mapAnthropicUsage, mergeStreamUsage } from './map-anthropic-usage.js';

describe('mapAnthropicUsage', () => {
  it('counts cached tokens into input, and keeps 1-hour writes and thinking apart', () => {
    expect(
      mapAnthropicUsage({
        input_tokens: 6,
        cache_creation_input_tokens: 3337,
        cache_read_input_tokens: 6289,
        cache_creation: { ephemeral_1h_input_tokens: 1000 },
        output_tokens: 198,
        output_tokens_details: { thinking_tokens: 20 },
      }),
    ).toEqual({
      inputTokens: 6 + 3337 + 6289,
      outputTokens: 198,
      cacheReadTokens: 6289,
      cacheWriteTokens: 3337,
      cacheWrite1hTokens: 1000,
      reasoningTokens: 20,
    });
  });

  it('reads null and missing fields as zero', () => {
    expect(
      mapAnthropicUsage({ input_tokens: 12, output_tokens: 3, cache_read_input_tokens: null }),
    ).toEqual({
      inputTokens: 12,
      outputTokens: 3,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    });
  });
});

describe('mergeStreamUsage', () => {
  it('takes the cumulative delta counts over the start, keeping what the delta leaves out', () => {
    expect(
      mergeStreamUsage(
        { input_tokens: 2, cache_creation_input_tokens: 3068, output_tokens: 1 },
        { input_tokens: null, cache_creation_input_tokens: 3337, output_tokens: 198 },
      ),
    ).toEqual({ input_tokens: 2, cache_creation_input_tokens: 3337, output_tokens: 198 });
  });
});
