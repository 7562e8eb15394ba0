import type { Finish, FinishReason } from '@llmux/core';

const unifiedByRaw: Record<string, FinishReason> = {
  STOP: 'stop',
  MAX_TOKENS: 'length',
  SAFETY: 'content-filter',
  RECITATION: 'content-filter',
  BLOCKLIST: 'content-filter',
  PROHIBITED_CONTENT: 'content-filter',
  SPII: 'content-filter',
  IMAGE_SAFETY: 'content-filter',
  IMAGE_PROHIBITED_CONTENT: 'content-filter',
  IMAGE_RECITATION: 'content-filter',
  MODEL_ARMOR: 'content-filter',
  JAILBREAK: 'content-filter',
  MALFORMED_FUNCTION_CALL: 'error',
  UNEXPECTED_TOOL_CALL: 'error',
  TOO_MANY_TOOL_CALLS: 'error',
  MISSING_THOUGHT_SIGNATURE: 'error',
  MALFORMED_RESPONSE: 'error',
};

/**
 * Gemini's `finishReason` as core's, the raw value kept. Gemini ends function calls with STOP,
 * so a STOP after tool calls is `tool-calls`. Reasons it may add later are `other`.
 */
export function mapGeminiFinishReason(raw: string | undefined, hasToolCalls: boolean): Finish {
  const known =
    raw !== undefined && Object.hasOwn(unifiedByRaw, raw) ? unifiedByRaw[raw] : undefined;
  const unified = known === 'stop' && hasToolCalls ? 'tool-calls' : (known ?? 'other');
  return raw === undefined ? { unified } : { unified, raw };
}
