import type { StreamEvent } from '@llmux/core';
import type { LlmuxSummary } from './llmux-summary.js';
import type { ContentEvent } from './stream-relay.js';
import { toOpenAIFinishReason, toOpenAIUsage } from './to-chat-completion.js';
import { toOpenAILogprobs } from './to-openai-logprobs.js';

type Event<T extends StreamEvent['type']> = Extract<StreamEvent, { type: T }>;

/**
 * Turns core stream events into OpenAI `chat.completion.chunk` objects, as their JSON text: a
 * first chunk with the role, content (with its `logprobs` when asked for), reasoning (`reasoning_content`) and
 * tool-call deltas (a tool call streams its id and name once, then argument fragments, under a
 * stable `index`), a chunk with the finish reason and, with `include_usage`, a last chunk with no
 * choices and the usage. The last chunk carries the `llmux` summary. A text delta, nearly every
 * chunk of a stream, is its text's JSON between the chunk's fixed parts, made once per model.
 */
export function createChunkTranslator(options: {
  id: string;
  created: number;
  includeUsage: boolean;
}) {
  const { id, created, includeUsage } = options;
  let model = '';
  const toolIndex = new Map<string, number>();
  // Whether the reasoning part under way came as deltas: its complete event then adds nothing.
  let reasoningStreamed = false;
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model,
    system_fingerprint: null,
    choices,
    ...(includeUsage && { usage: null }),
    ...extra,
  });
  const delta = (
    value: Record<string, unknown>,
    finishReason: string | null = null,
    logprobs: ReturnType<typeof toOpenAILogprobs> = null,
  ) => chunk([{ index: 0, delta: value, logprobs, finish_reason: finishReason }]);
  const json = (value: unknown) => JSON.stringify(value);
  // `delta({ content: text })`'s JSON cut at its text: the delta comes after the id and the model,
  // and only fixed values follow it, so the last `"content":""` is the delta's.
  let textParts = ['', ''];
  const fixTextParts = () => {
    const whole = json(delta({ content: '' }));
    const cut = whole.lastIndexOf('"content":""') + '"content":'.length;
    textParts = [whole.slice(0, cut), whole.slice(cut + '""'.length)];
  };
  fixTextParts();
  const textChunk = (text: string) => textParts[0] + json(text) + textParts[1];
  const indexOf = (toolCallId: string) => {
    const known = toolIndex.get(toolCallId);
    if (known !== undefined) return { index: known, first: false };
    toolIndex.set(toolCallId, toolIndex.size);
    return { index: toolIndex.size - 1, first: true };
  };

  return {
    start(event: Event<'start'>): string {
      model = event.model;
      fixTextParts();
      return json(delta({ role: 'assistant', content: '' }));
    },
    /** The chunk for a content event; undefined when it adds nothing the client has not seen. */
    content(event: ContentEvent): string | undefined {
      if (event.type === 'text-delta') {
        if (!event.logprobs) return textChunk(event.delta);
        return json(delta({ content: event.delta }, null, toOpenAILogprobs(event.logprobs)));
      }
      if (event.type === 'reasoning-delta') {
        reasoningStreamed = true;
        return json(delta({ reasoning_content: event.delta }));
      }
      if (event.type === 'reasoning') {
        const seen = reasoningStreamed;
        reasoningStreamed = false;
        return seen || event.text === ''
          ? undefined
          : json(delta({ reasoning_content: event.text }));
      }
      if (event.type === 'tool-call' && toolIndex.has(event.toolCallId)) return undefined;
      const { index, first } = indexOf(event.toolCallId);
      const args =
        event.type === 'tool-call' ? JSON.stringify(event.arguments ?? {}) : event.argumentsDelta;
      const call = first
        ? {
            index,
            id: event.toolCallId,
            type: 'function',
            function: { name: event.toolName, arguments: args },
          }
        : { index, function: { arguments: args } };
      return json(delta({ tool_calls: [call] }));
    },
    finish(event: Event<'finish'>, summary: LlmuxSummary): string[] {
      const reason = toOpenAIFinishReason(event.finishReason.unified);
      if (!includeUsage) return [json({ ...delta({}, reason), llmux: summary })];
      return [
        json(delta({}, reason)),
        json(chunk([], { usage: toOpenAIUsage(event.usage), llmux: summary })),
      ];
    },
  };
}
