import type { ContentPart, Finish, GenerateResponse, Usage } from '@llmux/core';
import type { LlmuxSummary } from './llmux-summary.js';
import { encodeOpaque } from './reasoning-signature.js';

export type AnthropicStopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'pause_turn'
  | 'refusal'
  | 'model_context_window_exceeded';

const stopReasons: Record<Finish['unified'], AnthropicStopReason> = {
  stop: 'end_turn',
  length: 'max_tokens',
  'tool-calls': 'tool_use',
  'content-filter': 'refusal',
  error: 'end_turn',
  other: 'end_turn',
};

const claudeReasons = new Set<string>([
  'end_turn',
  'max_tokens',
  'stop_sequence',
  'tool_use',
  'pause_turn',
  'refusal',
  'model_context_window_exceeded',
]);

/**
 * Claude's own `stop_reason` when Claude answered; another provider's finish mapped onto
 * Anthropic's. Which stop sequence matched, no provider reports through core: it is named only
 * when the request had one.
 */
export function toStopReason(
  provider: string,
  finish: Finish,
  stopSequences: string[] | undefined,
): { stop_reason: AnthropicStopReason; stop_sequence: string | null } {
  const reason =
    provider === 'anthropic' && finish.raw !== undefined && claudeReasons.has(finish.raw)
      ? (finish.raw as AnthropicStopReason)
      : stopReasons[finish.unified];
  const sequence =
    reason === 'stop_sequence' && stopSequences?.length === 1 ? stopSequences[0]! : null;
  return { stop_reason: reason, stop_sequence: sequence };
}

/** Core usage as Anthropic counts it: `input_tokens` leaves out cache reads and writes. */
export const toAnthropicUsage = (usage: Usage) => {
  const oneHour = usage.cacheWrite1hTokens ?? 0;
  return {
    input_tokens: Math.max(0, usage.inputTokens - usage.cacheReadTokens - usage.cacheWriteTokens),
    output_tokens: usage.outputTokens,
    cache_creation_input_tokens: usage.cacheWriteTokens,
    cache_read_input_tokens: usage.cacheReadTokens,
    cache_creation: {
      ephemeral_5m_input_tokens: usage.cacheWriteTokens - oneHour,
      ephemeral_1h_input_tokens: oneHour,
    },
  };
};

/** A thinking or redacted_thinking block for a reasoning part (text left out when omitted). */
export const thinkingBlock = (
  part: Extract<ContentPart, { type: 'reasoning' }>,
  provider: string,
  omitThinking: boolean,
) => {
  const writer = part.provider ?? provider;
  if (part.redactedData !== undefined) {
    return { type: 'redacted_thinking' as const, data: encodeOpaque(part.redactedData, writer) };
  }
  return {
    type: 'thinking' as const,
    thinking: omitThinking ? '' : part.text,
    signature: encodeOpaque(part.signature, writer),
  };
};

export const messageId = (requestId: string) => `msg_${requestId}`;

export interface MessageShape {
  stopSequences: string[] | undefined;
  omitThinking: boolean;
}

/** A whole core response as an Anthropic `message`, with the `llmux` summary beside it. */
export function toMessagesResponse(
  response: GenerateResponse,
  summary: LlmuxSummary,
  shape: MessageShape,
) {
  const content = response.content.map((part) => {
    if (part.type === 'text') return { type: 'text' as const, text: part.text };
    if (part.type === 'reasoning')
      return thinkingBlock(part, response.provider, shape.omitThinking);
    return {
      type: 'tool_use' as const,
      id: part.toolCallId,
      name: part.toolName,
      input: part.arguments ?? {},
    };
  });
  return {
    id: messageId(summary.request_id),
    type: 'message' as const,
    role: 'assistant' as const,
    model: response.model,
    content,
    ...toStopReason(response.provider, response.finishReason, shape.stopSequences),
    usage: toAnthropicUsage(response.usage),
    llmux: summary,
  };
}
