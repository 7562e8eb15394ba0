import type { ServerResponse } from 'node:http';
import { LlmuxError, type Warning } from '@llmux/core';
import type { ChatRouteOptions } from './chat-completions-route.js';
import { llmuxHeaders, llmuxSummary } from './llmux-summary.js';
import { toErrorReply } from './openai-errors.js';
import { sendJson } from './send-json.js';
import { SseWriter } from './sse-writer.js';
import { relayStream, type StartEvent, startHeaders } from './stream-relay.js';
import type { ChatRequestContext } from './to-generate-request.js';
import { createResponsesEventTranslator } from './to-responses-events.js';
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

/** Writes the stack's stream as typed events, ending on the response's completion or failure. */
async function streamResponse(
  call: ResponsesCall,
  frame: ResponseFrame,
  res: ServerResponse,
  options: ChatRouteOptions,
): Promise<void> {
  const sse = new SseWriter(res);
  const translator = createResponsesEventTranslator(frame);
  let start: StartEvent;
  let warnings: Warning[];
  await relayStream(res, options.model.stream(call.request), {
    async begin(first) {
      if (first.type !== 'start') {
        throw new LlmuxError({ kind: 'server_error', message: 'The stream began without a start' });
      }
      start = first;
      warnings = [...call.warnings(start.provider), ...start.warnings];
      sse.open(startHeaders(frame.requestId, start, warnings));
      await sse.events(translator.start(start));
      return true;
    },
    content: (event) => sse.events(translator.content(event)),
    finish(event) {
      const { provider, model } = start;
      const { costUsd, trace } = event;
      const summary = llmuxSummary(frame.requestId, { provider, model, costUsd, trace, warnings });
      return sse.events(translator.finish(event, summary, seconds(options.clock.now())));
    },
    fail: (error) => sse.events(translator.fail(toErrorReply(error, options.scrub).body)),
  });
  sse.end();
}
