import type { ServerResponse } from 'node:http';
import { LlmuxError } from '@llmux/core';
import type { ChatRouteOptions } from './chat-completions-route.js';
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
import type { ChatRequestContext } from './to-generate-request.js';
import { createResponsesEventTranslator, type ResponsesEvent } from './to-responses-events.js';
import { type ResponseFrame, toResponsesObject } from './to-responses-object.js';
import { type ResponsesCall, toResponsesRequest } from './to-responses-request.js';

const seconds = (ms: number) => Math.floor(ms / 1000);

/**
 * `POST /v1/responses` after authentication and body parsing: translates the body, calls the
 * stack, and answers a `response` object or its stream of typed events. Throws what fails before
 * any byte is sent (the server answers it as an OpenAI error); a failure once the stream has
 * begun ends it with `response.failed` and `error`.
 */
export async function handleResponses(
  body: unknown,
  context: ChatRequestContext,
  res: ServerResponse,
  options: ChatRouteOptions,
): Promise<void> {
  const call = toResponsesRequest(body, context);
  const frame: ResponseFrame = {
    requestId: context.requestId,
    createdAt: seconds(options.clock.now()),
    model: '',
    call,
  };
  if (!call.stream) {
    const response = await options.model.generate(call.request);
    frame.model = response.model;
    const summary = llmuxSummary(context.requestId, {
      ...response,
      warnings: [...call.warnings(response.provider), ...response.warnings],
    });
    const object = toResponsesObject(response, frame, summary, seconds(options.clock.now()));
    sendJson(res, 200, object, llmuxHeaders(summary));
    return;
  }
  await streamResponse(call, frame, res, options);
}

async function streamResponse(
  call: ResponsesCall,
  frame: ResponseFrame,
  res: ServerResponse,
  options: ChatRouteOptions,
): Promise<void> {
  const events = options.model.stream(call.request)[Symbol.asyncIterator]();
  const sse = new SseWriter(res);
  const translator = createResponsesEventTranslator(frame);
  const write = async (list: ResponsesEvent[]) => {
    for (const event of list) await sse.event(event.type, event);
  };
  const fail = (error: unknown) => write(translator.fail(toErrorReply(error, options.scrub).body));

  /** Writes the stream's events as typed events, ending on a finish or an error. */
  const relay = async () => {
    const start = await firstEvent(events);
    if (start.type !== 'start') {
      throw new LlmuxError({ kind: 'server_error', message: 'The stream began without a start' });
    }
    const warnings = [...call.warnings(start.provider), ...start.warnings];
    sse.open({
      'x-request-id': frame.requestId,
      'x-llmux-provider': start.provider,
      'x-llmux-model': headerSafe(start.model),
      ...warningsHeader(warnings.map(warningText)),
    });
    await write(translator.start(start));
    for (let next = await events.next(); !next.done; next = await events.next()) {
      const event = next.value;
      if (event.type === 'finish') {
        const { provider, model } = start;
        const { costUsd, trace } = event;
        const summary = llmuxSummary(frame.requestId, {
          provider,
          model,
          costUsd,
          trace,
          warnings,
        });
        return write(translator.finish(event, summary, seconds(options.clock.now())));
      }
      if (event.type === 'error') return fail(event.error);
      if (event.type !== 'start') await write(translator.content(event));
    }
    await fail(
      new LlmuxError({ kind: 'server_error', message: 'The stream ended without finishing' }),
    );
  };

  try {
    await relay();
  } catch (error) {
    // Streams end in an error event rather than throw; should one throw once begun, say so.
    if (!res.headersSent) throw error;
    await fail(error);
  } finally {
    // Ends the stack's stream before the response: its request record is written first, and a
    // client that left mid-stream is recorded as a cancellation.
    await events.return?.();
  }
  sse.end();
}
