import type { Finish, FinishReason } from '@llmux/core';

/** `load` and `unload` answer a call that only loaded or unloaded the model. */
const unified: Record<string, FinishReason> = {
  stop: 'stop',
  length: 'length',
  load: 'other',
  unload: 'other',
};

/**
 * Ollama's `done_reason` as core's, keeping the raw value. Ollama ends a turn that calls tools
 * with `stop`, so `stop` with tool calls is `tool-calls`; servers older than `done_reason` end
 * every answer `done` without one, read as `stop`.
 */
export function mapOllamaFinishReason(raw: string | undefined, hasToolCalls: boolean): Finish {
  const reason = raw === undefined || raw === '' ? 'stop' : (unified[raw] ?? 'other');
  const finish = reason === 'stop' && hasToolCalls ? 'tool-calls' : reason;
  return raw ? { unified: finish, raw } : { unified: finish };
}
