import type { ServerResponse } from 'node:http';
import { type Clock, type LanguageModel, LlmuxError } from '@llmux/core';
import { toAnthropicErrorReply } from './anthropic-errors.js';
import type { InputTokenCounter } from './count-input-tokens.js';
import { headerSafe, llmuxHeaders, llmuxSummary } from './llmux-summary.js';
import { sendJson } from './send-json.js';
import { SseWriter } from './sse-writer.js';
import { relayStream, type StartEvent, startHeaders } from './stream-relay.js';
import type { ChatRequestContext } from './to-generate-request.js';
import { createMessageEventTranslator } from './to-messages-events.js';
import { toCountTokensRequest, toMessagesRequest } from './to-messages-request.js';
import { type MessageShape, messageId, toMessagesResponse } from './to-messages-response.js';

export interface MessagesRouteOptions {
  model: LanguageModel;
  clock: Clock;
  scrub: (text: string) => string;
  countTokens: InputTokenCounter;
}

/**
 * `POST /v1/messages` after authentication and body parsing: translates the Anthropic body, calls
 * the stack, and answers a `message` or Anthropic's stream of events. Throws what fails before
 * any byte is sent (the server answers it as an Anthropic error); a failure after the stream has
 * begun is written as an `error` event.
 */
export async function handleMessages(
  body: unknown,
  context: ChatRequestContext,
  res: ServerResponse,
  options: MessagesRouteOptions,
): Promise<void> {
  const call = toMessagesRequest(body, context);
  const shape: MessageShape = {
    stopSequences: call.request.stopSequences,
    omitThinking: call.omitThinking,
  };
  if (!call.stream) {
    const response = await options.model.generate(call.request);
    const summary = llmuxSummary(context.requestId, response);
    sendJson(res, 200, toMessagesResponse(response, summary, shape), {
      ...llmuxHeaders(summary),
      'request-id': context.requestId,
    });
    return;
  }
  const { requestId } = context;
  const sse = new SseWriter(res);
  const translator = createMessageEventTranslator({ id: messageId(requestId), shape });
  let start: StartEvent;
  await relayStream(res, options.model.stream(call.request), {
    async begin(first) {
      // A stream that does not begin with its start is answered with a plain error status.
      if (first.type !== 'start') {
        throw new LlmuxError({ kind: 'server_error', message: 'The stream did not begin' });
      }
      start = first;
      sse.open({ ...startHeaders(requestId, start, start.warnings), 'request-id': requestId });
      await sse.events(translator.start(start));
      return true;
    },
    content: (event) => sse.events(translator.content(event)),
    finish(event) {
      const summary = llmuxSummary(requestId, {
        provider: start.provider,
        model: start.model,
        costUsd: event.costUsd,
        trace: event.trace,
        warnings: start.warnings,
      });
      return sse.events(translator.finish(event, summary));
    },
    fail: (error) =>
      sse.event('error', toAnthropicErrorReply(error, options.scrub, requestId).body),
  });
  sse.end();
}

/**
 * `POST /v1/messages/count_tokens`: `{ input_tokens }` as the model that would answer counts
 * them; `x-llmux-token-count` says whether the count is `exact` or an `estimate`, and
 * `x-llmux-provider` / `x-llmux-model` whose it is.
 */
export async function handleCountTokens(
  body: unknown,
  context: ChatRequestContext,
  res: ServerResponse,
  options: MessagesRouteOptions,
): Promise<void> {
  const count = await options.countTokens(toCountTokensRequest(body, context));
  sendJson(
    res,
    200,
    { input_tokens: count.inputTokens },
    {
      'x-request-id': context.requestId,
      'request-id': context.requestId,
      'x-llmux-token-count': count.exact ? 'exact' : 'estimate',
      ...(count.provider !== undefined && { 'x-llmux-provider': count.provider }),
      ...(count.model !== undefined && { 'x-llmux-model': headerSafe(count.model) }),
    },
  );
}
