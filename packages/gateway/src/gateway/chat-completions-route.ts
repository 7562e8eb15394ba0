import type { ServerResponse } from 'node:http';
import type { Clock, LanguageModel, Warning } from '@llmux/core';
import { llmuxHeaders, llmuxSummary } from './llmux-summary.js';
import { toErrorReply } from './openai-errors.js';
import { openaiOnlyWarnings } from './openai-only-fields.js';
import { sendJson } from './send-json.js';
import { SseWriter } from './sse-writer.js';
import { relayStream, type StartEvent, startHeaders } from './stream-relay.js';
import { createChunkTranslator } from './to-chat-chunks.js';
import { completionId, toChatCompletion } from './to-chat-completion.js';
import {
  type ChatCall,
  type ChatRequestContext,
  toGenerateRequest,
} from './to-generate-request.js';

export interface ChatRouteOptions {
  model: LanguageModel;
  clock: Clock;
  scrub: (text: string) => string;
}

/** The adapter's warnings, and the settings the gateway knows the answering provider ignored. */
const answerWarnings = (call: ChatCall, provider: string, warnings: Warning[]): Warning[] => [
  ...warnings,
  ...call.warnings,
  ...openaiOnlyWarnings(call.openaiOnly, provider),
];

/**
 * `POST /v1/chat/completions` after authentication and body parsing: translates the body, calls
 * the stack, and answers a `chat.completion` or a stream of chunks. Throws what fails before any
 * byte is sent (the server answers it as an OpenAI error); a failure after the stream has begun
 * is written as an error chunk.
 */
export async function handleChatCompletions(
  body: unknown,
  context: ChatRequestContext,
  res: ServerResponse,
  options: ChatRouteOptions,
): Promise<void> {
  const call = toGenerateRequest(body, context);
  const created = Math.floor(options.clock.now() / 1000);
  if (!call.stream) {
    const response = await options.model.generate(call.request);
    const summary = llmuxSummary(context.requestId, {
      ...response,
      warnings: answerWarnings(call, response.provider, response.warnings),
    });
    sendJson(res, 200, toChatCompletion(response, summary, created), llmuxHeaders(summary));
    return;
  }
  await streamCompletion(call, context.requestId, created, res, options);
}

/** Writes the stack's stream as chunks, ending with `[DONE]` or an error chunk. */
async function streamCompletion(
  call: ChatCall,
  requestId: string,
  created: number,
  res: ServerResponse,
  options: ChatRouteOptions,
): Promise<void> {
  const sse = new SseWriter(res);
  const chunks = createChunkTranslator({
    id: completionId(requestId),
    created,
    includeUsage: call.includeUsage,
  });
  let start: StartEvent | undefined;
  let warnings: Warning[] = [];
  const ending = await relayStream(res, options.model.stream(call.request), {
    async begin(first) {
      if (first.type !== 'start') {
        sse.open({ 'x-request-id': requestId });
        return false;
      }
      start = first;
      warnings = answerWarnings(call, start.provider, start.warnings);
      sse.open(startHeaders(requestId, start, warnings));
      await sse.json(chunks.start(start));
      return true;
    },
    content(event) {
      const chunk = chunks.content(event);
      return chunk === undefined ? undefined : sse.json(chunk);
    },
    async finish(event) {
      const summary = llmuxSummary(requestId, {
        provider: start?.provider ?? '',
        model: start?.model ?? '',
        costUsd: event.costUsd,
        trace: event.trace,
        warnings,
      });
      for (const chunk of chunks.finish(event, summary)) await sse.json(chunk);
    },
    fail: (error) => sse.data(toErrorReply(error, options.scrub).body),
  });
  if (ending === 'finished') sse.done();
  else sse.end();
}
