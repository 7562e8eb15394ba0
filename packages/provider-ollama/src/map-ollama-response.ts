import type { ContentPart, IdGenerator, TokenLogprob } from '@llmux/core';
import type { OllamaChatChunk, OllamaLogprob, OllamaToolCall } from './ollama-wire.js';

/** Per-token log probabilities as core's, with their alternatives. */
export const mapOllamaLogprobs = (
  logprobs: OllamaLogprob[] | undefined,
): TokenLogprob[] | undefined =>
  logprobs?.map((token) => ({
    token: token.token,
    logprob: token.logprob,
    ...(token.top_logprobs ? { top: token.top_logprobs } : {}),
  }));

/** A tool call's id: the server's where it sends one, else a new one. */
export const toolCallIdOf = (call: OllamaToolCall, newId: IdGenerator): string =>
  call.id || `call_${newId()}`;

const MS_PER_NS = 1e-6;

/** Ollama's timings, in milliseconds: what `providerMetadata.ollama` carries. */
export function ollamaMetadata(chunk: OllamaChatChunk): Record<string, unknown> {
  const timings: Array<[string, number | undefined]> = [
    ['totalDurationMs', chunk.total_duration],
    ['loadDurationMs', chunk.load_duration],
    ['promptEvalDurationMs', chunk.prompt_eval_duration],
    ['evalDurationMs', chunk.eval_duration],
  ];
  return Object.fromEntries(
    timings.filter(([, ns]) => ns !== undefined).map(([key, ns]) => [key, ns! * MS_PER_NS]),
  );
}

/**
 * The content of a whole `/api/chat` answer: its thinking (a reasoning part of this provider),
 * its text, then its tool calls, in the order a stream of the same answer yields them.
 */
export function mapOllamaContent(
  chunk: OllamaChatChunk,
  context: { provider: string; newId: IdGenerator },
): ContentPart[] {
  const message = chunk.message ?? {};
  const content: ContentPart[] = [];
  if (message.thinking) {
    content.push({ type: 'reasoning', text: message.thinking, provider: context.provider });
  }
  if (message.content) content.push({ type: 'text', text: message.content });
  for (const call of message.tool_calls ?? []) {
    content.push({
      type: 'tool-call',
      toolCallId: toolCallIdOf(call, context.newId),
      toolName: call.function.name,
      arguments: call.function.arguments ?? {},
    });
  }
  return content;
}
