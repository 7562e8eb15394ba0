import type { ServerResponse } from 'node:http';
import { type Clock, type LanguageModel, LlmuxError, type StreamEvent } from '@llmux/core';
import {
  headerSafe,
  llmuxHeaders,
  llmuxSummary,
  warningsHeader,
  warningText,
} from './llmux-summary.js';
import { toErrorReply } from './openai-errors.js';
import { sendJson } from './send-json.js';
import { SseWriter } from './sse-writer.js';
import { firstEvent } from './stream-start.js';
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
    const summary = llmuxSummary(context.requestId, response);
    sendJson(res, 200, toChatCompletion(response, summary, created), llmuxHeaders(summary));
    return;
  }
  await streamCompletion(call, context.requestId, created, res, options);
}

async function streamCompletion(
  call: ChatCall,
  requestId: string,
  created: number,
  res: ServerResponse,
  options: ChatRouteOptions,
): Promise<void> {
  const events = options.model.stream(call.request)[Symbol.asyncIterator]();
  const sse = new SseWriter(res);
  let ending: 'done' | 'error';
  try {
    ending = await relay(events, sse, call, requestId, created, options);
  } catch (error) {
    // Streams end in an error event rather than throw; should one throw once begun, say so.
    if (!res.headersSent) throw error;
    await sse.data(toErrorReply(error, options.scrub).body);
    ending = 'error';
  } finally {
    // Ends the stack's stream before the response: its request record is written first, and a
    // client that left mid-stream is recorded as a cancellation.
    await events.return?.();
  }
  if (ending === 'done') sse.done();
  else sse.end();
}

/** Writes the stream's events as chunks; says whether it finished or ended on an error chunk. */
async function relay(
  events: AsyncIterator<StreamEvent>,
  sse: SseWriter,
  call: ChatCall,
  requestId: string,
  created: number,
  options: ChatRouteOptions,
): Promise<'done' | 'error'> {
  const first = await firstEvent(events);
  const chunks = createChunkTranslator({
    id: completionId(requestId),
    created,
    includeUsage: call.includeUsage,
  });
  const start = first.type === 'start' ? first : undefined;
  sse.open({
    'x-request-id': requestId,
    ...(start && {
      'x-llmux-provider': start.provider,
      'x-llmux-model': headerSafe(start.model),
      ...warningsHeader(start.warnings.map(warningText)),
    }),
  });
  if (start) await sse.data(chunks.start(start));
  let next: IteratorResult<StreamEvent> = start
    ? await events.next()
    : { done: false, value: first };
  for (; !next.done; next = await events.next()) {
    const event = next.value;
    switch (event.type) {
      case 'text-delta':
      case 'tool-call-delta':
      case 'tool-call': {
        const chunk = chunks.content(event);
        if (chunk) await sse.data(chunk);
        break;
      }
      case 'finish': {
        const summary = llmuxSummary(requestId, {
          provider: start?.provider ?? '',
          model: start?.model ?? '',
          costUsd: event.costUsd,
          trace: event.trace,
          warnings: start?.warnings ?? [],
        });
        for (const chunk of chunks.finish(event, summary)) await sse.data(chunk);
        return 'done';
      }
      case 'error':
        await sse.data(toErrorReply(event.error, options.scrub).body);
        return 'error';
      case 'start':
        break;
    }
  }
  const broken = new LlmuxError({
    kind: 'server_error',
    message: 'The stream ended without finishing',
  });
  await sse.data(toErrorReply(broken, options.scrub).body);
  return 'error';
}
