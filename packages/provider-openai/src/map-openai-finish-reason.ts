import type { Finish, FinishReason } from '@llmux/core';

const unified: Record<string, FinishReason> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool-calls',
  // The deprecated single-function form of tool calls.
  function_call: 'tool-calls',
  content_filter: 'content-filter',
};

/** OpenAI's `finish_reason` as core's, keeping the raw value; unknown values are `other`. */
export const mapOpenAIFinishReason = (raw: string | null | undefined): Finish =>
  raw ? { unified: unified[raw] ?? 'other', raw } : { unified: 'other' };
