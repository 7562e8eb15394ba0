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

/**
 * Anthropic's `stop_reason`, unified and kept raw. With `jsonAnswer` the only tool call was the
 * forced one that carries a JSON answer, so `tool_use` is a plain stop.
 */
export const mapAnthropicFinishReason = (
  stopReason: string | null | undefined,
  jsonAnswer = false,
): Finish => ({
  unified:
    jsonAnswer && stopReason === 'tool_use'
      ? 'stop'
      : (stopReason && unified[stopReason]) || 'other',
  ...(stopReason ? { raw: stopReason } : {}),
});
