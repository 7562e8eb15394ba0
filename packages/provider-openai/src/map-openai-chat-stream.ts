import {
  type CallTimer,
  parseToolArguments,
  type RateLimitInfo,
  type StreamEvent,
  streamEndedError,
  type Usage,
  type Warning,
} from '@llmux/core';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { openaiMetadata } from './map-openai-chat-response.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import { mapOpenAILogprobs } from './map-openai-logprobs.js';
import { mapOpenAIUsage } from './map-openai-usage.js';

export interface ChatStreamContext {
  provider: string;
  /** The requested model: names the response until a chunk names the model that answered. */
  modelId: string;
  warnings: Warning[];
  rateLimits?: RateLimitInfo;
  /** Times the call from its start; the first text or argument fragment is the first token. */
  timer: CallTimer;
  /** Whether a stream without its usage chunk counts as broken (we always ask for one). */
  requireUsage: boolean;
  costOf(usage: Usage): number;
}

interface PendingToolCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * Turns Chat Completions chunks into core stream events: `start`, text and tool-call argument
 * fragments (tool calls complete at the finish chunk), then one `finish` with the usage of the
 * last chunk. A stream that stops before its finish (or, by default, its usage) chunk broke
 * upstream: that throws, and so does a broken chunk source (`guardStream` turns either into the
 * stream's `error` event).
 */
export async function* mapOpenAIChatStream(
  chunks: AsyncIterable<ChatCompletionChunk>,
  context: ChatStreamContext,
): AsyncGenerator<StreamEvent> {
  const { timer } = context;
  const where = { provider: context.provider, model: context.modelId };
  let started = false;
  let id = '';
  let model = context.modelId;
  let finishRaw: string | null = null;
  let usage: ChatCompletionChunk['usage'];
  let metadata: Record<string, unknown> = {};
  let refusal = '';
  const toolCalls = new Map<number, PendingToolCall>();

  const start = (): StreamEvent => {
    started = true;
    return {
      type: 'start',
      id,
      provider: context.provider,
      model,
      warnings: context.warnings,
      ...(context.rateLimits ? { rateLimits: context.rateLimits } : {}),
    };
  };
  const content = (event: StreamEvent): StreamEvent => {
    timer.observe(event);
    return event;
  };

  for await (const chunk of chunks) {
    // Azure's first chunk carries only prompt filter results, with an empty id and model.
    if (chunk.id) id ||= chunk.id;
    if (chunk.model) model = chunk.model;
    if (chunk.usage) usage = chunk.usage;
    metadata = { ...metadata, ...openaiMetadata(chunk) };
    const choice = chunk.choices?.[0];
    if (!started && (id || choice)) yield start();
    if (!choice) continue;

    const { delta } = choice;
    if (delta?.refusal) refusal += delta.refusal;
    if (delta?.content) {
      const logprobs = mapOpenAILogprobs(choice.logprobs);
      yield content({
        type: 'text-delta',
        delta: delta.content,
        ...(logprobs ? { logprobs } : {}),
      });
    }
    for (const [position, fragment] of (delta?.tool_calls ?? []).entries()) {
      const index = fragment.index ?? position;
      let call = toolCalls.get(index);
      if (!call) {
        call = { id: fragment.id ?? '', name: fragment.function?.name ?? '', arguments: '' };
        toolCalls.set(index, call);
      }
      const argumentsDelta = fragment.function?.arguments ?? '';
      if (argumentsDelta === '') continue;
      call.arguments += argumentsDelta;
      yield content({
        type: 'tool-call-delta',
        toolCallId: call.id,
        toolName: call.name,
        argumentsDelta,
      });
    }
    if (choice.finish_reason) finishRaw = choice.finish_reason;
  }

  if (finishRaw === null) throw streamEndedError(where, 'its finish chunk');
  if (context.requireUsage && !usage) throw streamEndedError(where, 'its usage chunk');
  if (!started) yield start();
  for (const [, call] of [...toolCalls].sort(([a], [b]) => a - b)) {
    yield content({
      type: 'tool-call',
      toolCallId: call.id,
      toolName: call.name,
      arguments: parseToolArguments(call.arguments),
    });
  }
  const finalUsage = mapOpenAIUsage(usage);
  yield {
    type: 'finish',
    finishReason: mapOpenAIFinishReason(finishRaw),
    usage: finalUsage,
    costUsd: context.costOf(finalUsage),
    ...timer.timing(),
    trace: { attempts: [] },
    providerMetadata: { openai: refusal ? { ...metadata, refusal } : metadata },
  };
}
