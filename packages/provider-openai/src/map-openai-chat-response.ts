import {
  type Finish,
  type GenerateResponse,
  parseToolArguments,
  type TokenLogprob,
  type Usage,
} from '@llmux/core';
import type { ChatCompletion } from 'openai/resources/chat/completions';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import { mapOpenAILogprobs } from './map-openai-logprobs.js';
import { mapOpenAIUsage } from './map-openai-usage.js';

export interface MappedChatResponse {
  id: string;
  model: string;
  content: GenerateResponse['content'];
  logprobs?: TokenLogprob[];
  finishReason: Finish;
  usage: Usage;
  providerMetadata: Record<string, unknown>;
}

/** What OpenAI says beside the answer: kept under `providerMetadata.openai`. */
export const openaiMetadata = (source: {
  system_fingerprint?: string | null;
  service_tier?: string | null;
}): Record<string, unknown> => ({
  ...(source.system_fingerprint ? { systemFingerprint: source.system_fingerprint } : {}),
  ...(source.service_tier ? { serviceTier: source.service_tier } : {}),
});

/** A `chat.completion` (its first choice) as core's content, finish reason and usage. */
export function mapOpenAIChatResponse(completion: ChatCompletion): MappedChatResponse {
  const choice = completion.choices?.[0];
  const message = choice?.message;
  const content: GenerateResponse['content'] = [];
  if (message?.content) content.push({ type: 'text', text: message.content });
  for (const call of message?.tool_calls ?? []) {
    if (call.type !== 'function') continue;
    content.push({
      type: 'tool-call',
      toolCallId: call.id,
      toolName: call.function.name,
      arguments: parseToolArguments(call.function.arguments),
    });
  }
  const logprobs = mapOpenAILogprobs(choice?.logprobs);
  return {
    id: completion.id,
    model: completion.model,
    content,
    ...(logprobs ? { logprobs } : {}),
    finishReason: mapOpenAIFinishReason(choice?.finish_reason),
    usage: mapOpenAIUsage(completion.usage),
    providerMetadata: {
      ...openaiMetadata(completion),
      ...(message?.refusal ? { refusal: message.refusal } : {}),
    },
  };
}
