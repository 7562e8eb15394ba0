import {
  type CallTimer,
  type IdGenerator,
  type StreamEvent,
  streamEndedError,
  type Usage,
  type Warning,
} from '@llmux/core';
import { mapOllamaFinishReason } from './map-ollama-finish-reason.js';
import { mapOllamaLogprobs, ollamaMetadata, toolCallIdOf } from './map-ollama-response.js';
import { mapOllamaUsage } from './map-ollama-usage.js';
import type { OllamaChatChunk } from './ollama-wire.js';

export interface OllamaStreamContext {
  provider: string;
  /** The requested model: names the stream until a line names the model that answered. */
  modelId: string;
  /** The response id (Ollama sends none). */
  id: string;
  warnings: Warning[];
  timer: CallTimer;
  newId: IdGenerator;
  costOf(usage: Usage): number;
}

/**
 * Turns the NDJSON lines of a streamed `/api/chat` into core stream events: `start` at the first
 * line; thinking as `reasoning-delta`s, closed by one `reasoning` part when something else comes;
 * text as `text-delta`s (with their log probabilities); each tool call whole (one
 * `tool-call-delta` with its arguments, then the `tool-call`); and at the `done` line one
 * `finish` with the usage and cost. A stream that stops before its done line broke upstream:
 * that throws, and `guardStream` makes it the stream's `error` event.
 */
export async function* mapOllamaStream(
  lines: AsyncIterable<OllamaChatChunk>,
  context: OllamaStreamContext,
): AsyncGenerator<StreamEvent> {
  const { timer, provider } = context;
  let thinking = '';
  let pendingThinking = '';
  let hasToolCalls = false;
  let done: OllamaChatChunk | undefined;
  let started = false;
  const content = (event: StreamEvent): StreamEvent => {
    timer.observe(event);
    return event;
  };
  function* closeReasoning(): Generator<StreamEvent> {
    if (pendingThinking === '') return;
    yield content({ type: 'reasoning', text: pendingThinking, provider });
    pendingThinking = '';
  }

  for await (const line of lines) {
    if (!started) {
      started = true;
      yield {
        type: 'start',
        id: context.id,
        provider,
        model: line.model || context.modelId,
        warnings: context.warnings,
      };
    }
    const message = line.message ?? {};
    if (message.thinking) {
      thinking += message.thinking;
      pendingThinking += message.thinking;
      yield content({ type: 'reasoning-delta', delta: message.thinking });
    }
    if (message.content) {
      yield* closeReasoning();
      const logprobs = mapOllamaLogprobs(line.logprobs);
      yield content({ type: 'text-delta', delta: message.content, ...(logprobs && { logprobs }) });
    }
    for (const call of message.tool_calls ?? []) {
      yield* closeReasoning();
      hasToolCalls = true;
      const toolCallId = toolCallIdOf(call, context.newId);
      const args = call.function.arguments ?? {};
      const toolName = call.function.name;
      yield content({
        type: 'tool-call-delta',
        toolCallId,
        toolName,
        argumentsDelta: JSON.stringify(args),
      });
      yield content({ type: 'tool-call', toolCallId, toolName, arguments: args });
    }
    if (line.done) {
      done = line;
      break;
    }
  }
  const where = { provider, model: context.modelId };
  if (!done) throw streamEndedError(where, 'its done line');
  yield* closeReasoning();
  const usage = mapOllamaUsage(done, thinking);
  yield {
    type: 'finish',
    finishReason: mapOllamaFinishReason(done.done_reason, hasToolCalls),
    usage,
    costUsd: context.costOf(usage),
    ...timer.timing(),
    trace: { attempts: [] },
    providerMetadata: { ollama: ollamaMetadata(done) },
  };
}
