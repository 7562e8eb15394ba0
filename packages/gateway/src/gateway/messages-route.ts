import type { ServerResponse } from 'node:http';
import { type Clock, type LanguageModel, LlmuxError, type StreamEvent } from '@llmux/core';
import { toAnthropicErrorReply } from './anthropic-errors.js';
import type { InputTokenCounter } from './count-input-tokens.js';
import {
  headerSafe,
  llmuxHeaders,
  llmuxSummary,
  warningsHeader,
  warningText,
} from './llmux-summary.js';
import { sendJson } from './send-json.js';
import { SseWriter } from './sse-writer.js';
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
  const events = options.model.stream(call.request)[Symbol.asyncIterator]();
  const sse = new SseWriter(res);
  const fail = (error: unknown) =>
    sse.event('error', toAnthropicErrorReply(error, options.scrub, context.requestId).body);
  try {
    await relay(events, sse, shape, context.requestId, fail);
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

/** Writes the stream's events as Anthropic's, ending with `message_stop` or an `error` event. */
async function relay(
  events: AsyncIterator<StreamEvent>,
  sse: SseWriter,
  shape: MessageShape,
  requestId: string,
  fail: (error: unknown) => Promise<void>,
): Promise<void> {
  // Headers wait for the first event: a stream that fails before it starts (every provider
  // down) is answered with a plain error status, as the API does.
  const first = await events.next();
  if (first.done || first.value.type !== 'start') {
    if (!first.done && first.value.type === 'error') throw first.value.error;
    throw new LlmuxError({ kind: 'server_error', message: 'The stream did not begin' });
  }
  const start = first.value;
  const translator = createMessageEventTranslator({ id: messageId(requestId), shape });
  sse.open({
    'x-request-id': requestId,
    'request-id': requestId,
    'x-llmux-provider': start.provider,
    'x-llmux-model': headerSafe(start.model),
    ...warningsHeader(start.warnings.map(warningText)),
  });
  const write = async (out: Array<{ type: string }>) => {
    for (const event of out) await sse.event(event.type, event);
  };
  await write(translator.start(start));
  for (let next = await events.next(); !next.done; next = await events.next()) {
    const event = next.value;
    switch (event.type) {
      case 'start':
        break;
      case 'finish': {
        const summary = llmuxSummary(requestId, {
          provider: start.provider,
          model: start.model,
          costUsd: event.costUsd,
          trace: event.trace,
          warnings: start.warnings,
        });
        await write(translator.finish(event, summary));
        return;
      }
      case 'error':
        await fail(event.error);
        return;
      default:
        await write(translator.content(event));
    }
  }
  await fail(
    new LlmuxError({ kind: 'server_error', message: 'The stream ended without finishing' }),
  );
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
