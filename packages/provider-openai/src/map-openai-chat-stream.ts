import {
  type Clock,
  LlmuxError,
  type RateLimitInfo,
  type StreamEvent,
  type Usage,
  type Warning,
} from '@llmux/core';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { openaiMetadata } from './map-openai-chat-response.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import { mapOpenAIUsage } from './map-openai-usage.js';
import { parseToolArguments } from './parse-tool-arguments.js';

export interface ChatStreamContext {
  provider: string;
  /** The requested model: names the response until a chunk names the model that answered. */
  modelId: string;
  warnings: Warning[];
  rateLimits?: RateLimitInfo;
  clock: Clock;
  startedAt: number;
  signal?: AbortSignal;
  /** Whether a stream without its usage chunk counts as broken (we always ask for one). */
  requireUsage: boolean;
  costOf(usage: Usage): number;
  mapError(error: unknown): LlmuxError;
}

interface PendingToolCall {
  id: string;
  name: string;
  arguments: string;
}

const broken = (context: ChatStreamContext, message: string) =>
  new LlmuxError({
    kind: 'server_error',
    message,
    provider: context.provider,
    model: context.modelId,
  });

/**
 * Turns Chat Completions chunks into core stream events: `start`, text and tool-call argument
 * fragments (tool calls complete at the finish chunk), then one `finish` with the usage of the
 * last chunk, or one `error`. A stream that stops before its finish (or, by default, its usage)
 * chunk broke upstream, and ends with an error rather than silently.
 */
export async function* mapOpenAIChatStream(
  chunks: AsyncIterable<ChatCompletionChunk>,
  context: ChatStreamContext,
): AsyncGenerator<StreamEvent> {
  const { clock, startedAt } = context;
  let started = false;
  let id = '';
  let model = context.modelId;
  let finishRaw: string | null = null;
  let usage: ChatCompletionChunk['usage'];
  let timeToFirstTokenMs: number | undefined;
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
  const firstToken = () => {
    timeToFirstTokenMs ??= clock.now() - startedAt;
  };

  try {
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
        firstToken();
        yield { type: 'text-delta', delta: delta.content };
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
        firstToken();
        yield {
          type: 'tool-call-delta',
          toolCallId: call.id,
          toolName: call.name,
          argumentsDelta,
        };
      }
      if (choice.finish_reason) finishRaw = choice.finish_reason;
    }
  } catch (error) {
    yield { type: 'error', error: context.mapError(error) };
    return;
  }

  // The SDK ends its iteration quietly on an abort; the caller still learns why it stopped.
  if (context.signal?.aborted) {
    yield { type: 'error', error: context.mapError(context.signal.reason) };
    return;
  }
  if (finishRaw === null) {
    yield { type: 'error', error: broken(context, 'The stream ended before its finish chunk') };
    return;
  }
  if (context.requireUsage && !usage) {
    yield { type: 'error', error: broken(context, 'The stream ended before its usage chunk') };
    return;
  }
  if (!started) yield start();
  for (const [, call] of [...toolCalls].sort(([a], [b]) => a - b)) {
    yield {
      type: 'tool-call',
      toolCallId: call.id,
      toolName: call.name,
      arguments: parseToolArguments(call.arguments),
    };
  }
  const finalUsage = mapOpenAIUsage(usage);
  yield {
    type: 'finish',
    finishReason: mapOpenAIFinishReason(finishRaw),
    usage: finalUsage,
    costUsd: context.costOf(finalUsage),
    latencyMs: clock.now() - startedAt,
    ...(timeToFirstTokenMs === undefined ? {} : { timeToFirstTokenMs }),
    trace: { attempts: [] },
    providerMetadata: { openai: refusal ? { ...metadata, refusal } : metadata },
  };
}
