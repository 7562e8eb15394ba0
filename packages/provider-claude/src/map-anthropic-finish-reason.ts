import type { Finish, FinishReason } from '@llmux/core';

const unified: Record<string, FinishReason> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool-calls',
  refusal: 'content-filter',
  pause_turn: 'other',
};

/** Anthropic's `stop_reason`, unified and kept raw. */
export const mapAnthropicFinishReason = (stopReason: string | null | undefined): Finish => ({
  unified: (stopReason && unified[stopReason]) || 'other',
  ...(stopReason ? { raw: stopReason } : {}),
});
