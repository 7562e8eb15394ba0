import {
  type FinishReason,
  type GenerateResponse,
  reasoningOf,
  textOf,
  toolCallsOf,
  type Usage,
} from '@llmux/core';
import type { LlmuxSummary } from './llmux-summary.js';
import { toOpenAILogprobs } from './to-openai-logprobs.js';

export type OpenAIFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

const finishReasons: Record<FinishReason, OpenAIFinishReason> = {
  stop: 'stop',
  length: 'length',
  'tool-calls': 'tool_calls',
  'content-filter': 'content_filter',
  error: 'stop',
  other: 'stop',
};

export const toOpenAIFinishReason = (reason: FinishReason): OpenAIFinishReason =>
  finishReasons[reason];

export const toOpenAIUsage = (usage: Usage) => ({
  prompt_tokens: usage.inputTokens,
  completion_tokens: usage.outputTokens,
  total_tokens: usage.inputTokens + usage.outputTokens,
  prompt_tokens_details: { cached_tokens: usage.cacheReadTokens },
  completion_tokens_details: { reasoning_tokens: usage.reasoningTokens },
});

export const completionId = (requestId: string) => `chatcmpl-${requestId}`;

/**
 * A whole core response as an OpenAI `chat.completion`, with the `llmux` summary beside it. The
 * model's visible reasoning is the message's `reasoning_content`, where OpenAI-compatible servers
 * (vLLM, DeepSeek, LiteLLM) put it.
 */
export function toChatCompletion(
  response: GenerateResponse,
  summary: LlmuxSummary,
  createdSeconds: number,
) {
  const toolCalls = toolCallsOf(response).map((call) => ({
    id: call.toolCallId,
    type: 'function' as const,
    function: { name: call.toolName, arguments: JSON.stringify(call.arguments ?? {}) },
  }));
  const text = textOf(response);
  const reasoning = reasoningOf(response);
  return {
    id: completionId(summary.request_id),
    object: 'chat.completion' as const,
    created: createdSeconds,
    model: response.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant' as const,
          content: text === '' && toolCalls.length > 0 ? null : text,
          refusal: null,
          ...(reasoning !== '' && { reasoning_content: reasoning }),
          ...(toolCalls.length > 0 && { tool_calls: toolCalls }),
        },
        logprobs: toOpenAILogprobs(response.logprobs),
        finish_reason: toOpenAIFinishReason(response.finishReason.unified),
      },
    ],
    usage: toOpenAIUsage(response.usage),
    llmux: summary,
  };
}
