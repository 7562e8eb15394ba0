import type { StreamEvent, TokenLogprob } from '@llmux/core';
import type { LlmuxSummary } from './llmux-summary.js';
import type { OpenAIErrorBody } from './openai-errors.js';
import type { ContentEvent } from './stream-relay.js';
import {
  argumentsText,
  functionCallItem,
  itemId,
  messageItem,
  outputText,
  type ResponseFrame,
  reasoningItem,
  responseObject,
  responseStatus,
  toResponsesLogprobs,
} from './to-responses-object.js';

type Event<T extends StreamEvent['type']> = Extract<StreamEvent, { type: T }>;
type Json = Record<string, unknown>;

/** A Responses API stream event: its `type` is also the SSE event name. */
export type ResponsesEvent = { type: string; sequence_number: number } & Json;

/** The output item being streamed, with what it has accumulated. */
type OpenItem =
  | { kind: 'message'; index: number; id: string; text: string; logprobs: TokenLogprob[] }
  | { kind: 'function_call'; index: number; id: string; callId: string; name: string; args: string }
  | { kind: 'reasoning'; index: number; id: string; text: string; summaryOpen: boolean };

/**
 * Turns core stream events into the Responses API's typed events, each numbered by
 * `sequence_number`: `response.created` and `response.in_progress`, then per output item
 * `response.output_item.added`, its deltas (text, function-call arguments, reasoning summary)
 * and their `.done` events, `response.output_item.done`, and last `response.completed` or
 * `response.incomplete` with the whole response, or `response.failed` and `error`. One item is
 * open at a time: content of another kind (or another call) closes it.
 */
export function createResponsesEventTranslator(frame: ResponseFrame) {
  const { requestId, call } = frame;
  let sequence = 0;
  /** Every item so far, as it stands (the open one too): what a final response carries. */
  const output: Json[] = [];
  /** Function calls already closed: a provider's complete `tool-call` after its deltas adds nothing. */
  const closedCalls = new Set<string>();
  let open: OpenItem | undefined;
  const emit = (type: string, fields: Json = {}): ResponsesEvent => ({
    type,
    sequence_number: sequence++,
    ...fields,
  });
  const at = (item: OpenItem) => ({ item_id: item.id, output_index: item.index });
  const snapshot = (state: Parameters<typeof responseObject>[1]) => responseObject(frame, state);

  const itemOf = (item: OpenItem, status: string) => {
    switch (item.kind) {
      case 'message':
        return messageItem(item.id, status, [
          outputText(item.text, call.logprobs ? item.logprobs : undefined),
        ]);
      case 'function_call':
        return functionCallItem(item.id, { ...item, arguments: item.args }, status);
      case 'reasoning':
        return reasoningItem(item.id, item.text, call.showReasoning);
    }
  };

  const add = (item: OpenItem): ResponsesEvent[] => {
    open = item;
    output[item.index] = itemOf(item, 'in_progress');
    const added = emit('response.output_item.added', {
      output_index: item.index,
      item: { ...itemOf(item, 'in_progress'), ...emptied(item) },
    });
    if (item.kind !== 'message') return [added];
    const part = outputText('', call.logprobs ? [] : undefined);
    return [added, emit('response.content_part.added', { ...at(item), content_index: 0, part })];
  };

  const summaryPart = (text: string) => ({ type: 'summary_text', text });

  /** Ends the open item: its `.done` events with the whole of what it said. */
  const close = (status = 'completed'): ResponsesEvent[] => {
    const item = open;
    if (!item) return [];
    open = undefined;
    const done = itemOf(item, status);
    output[item.index] = done;
    const events: ResponsesEvent[] = [];
    if (item.kind === 'message') {
      const part = (done as ReturnType<typeof messageItem>).content[0]!;
      events.push(
        emit('response.output_text.done', {
          ...at(item),
          content_index: 0,
          text: item.text,
          logprobs: call.logprobs ? toResponsesLogprobs(item.logprobs) : [],
        }),
        emit('response.content_part.done', { ...at(item), content_index: 0, part }),
      );
    } else if (item.kind === 'function_call') {
      closedCalls.add(item.callId);
      events.push(
        emit('response.function_call_arguments.done', { ...at(item), arguments: item.args }),
      );
    } else if (item.summaryOpen) {
      const position = { ...at(item), summary_index: 0 };
      events.push(
        emit('response.reasoning_summary_text.done', { ...position, text: item.text }),
        emit('response.reasoning_summary_part.done', { ...position, part: summaryPart(item.text) }),
      );
    }
    events.push(emit('response.output_item.done', { output_index: item.index, item: done }));
    return events;
  };

  const text = (event: Event<'text-delta'>): ResponsesEvent[] => {
    const events = open?.kind === 'message' ? [] : [...close(), ...add(newMessage())];
    const item = open as Extract<OpenItem, { kind: 'message' }>;
    item.text += event.delta;
    if (event.logprobs) item.logprobs.push(...event.logprobs);
    events.push(
      emit('response.output_text.delta', {
        ...at(item),
        content_index: 0,
        delta: event.delta,
        logprobs: call.logprobs && event.logprobs ? toResponsesLogprobs(event.logprobs) : [],
      }),
    );
    return events;
  };

  const newMessage = (): OpenItem => ({
    kind: 'message',
    index: output.length,
    id: itemId('msg', requestId, output.length),
    text: '',
    logprobs: [],
  });

  const functionCall = (event: Event<'tool-call-delta'> | Event<'tool-call'>): ResponsesEvent[] => {
    if (closedCalls.has(event.toolCallId)) return [];
    const events: ResponsesEvent[] = [];
    if (open?.kind !== 'function_call' || open.callId !== event.toolCallId) {
      events.push(
        ...close(),
        ...add({
          kind: 'function_call',
          index: output.length,
          id: itemId('fc', requestId, output.length),
          callId: event.toolCallId,
          name: event.toolName,
          args: '',
        }),
      );
    }
    const item = open as Extract<OpenItem, { kind: 'function_call' }>;
    // A complete call after its deltas only closes it; one that came whole is its own delta.
    const delta =
      event.type === 'tool-call-delta'
        ? event.argumentsDelta
        : item.args === ''
          ? argumentsText(event.arguments)
          : '';
    if (delta !== '') {
      item.args += delta;
      events.push(emit('response.function_call_arguments.delta', { ...at(item), delta }));
    }
    if (event.type === 'tool-call') events.push(...close());
    return events;
  };

  const reasoning = (event: Event<'reasoning-delta'> | Event<'reasoning'>): ResponsesEvent[] => {
    const events: ResponsesEvent[] = [];
    if (open?.kind !== 'reasoning') {
      events.push(
        ...close(),
        ...add({
          kind: 'reasoning',
          index: output.length,
          id: itemId('rs', requestId, output.length),
          text: '',
          summaryOpen: false,
        }),
      );
    }
    const item = open as Extract<OpenItem, { kind: 'reasoning' }>;
    const delta =
      event.type === 'reasoning-delta' ? event.delta : event.text.slice(item.text.length);
    if (delta !== '' && call.showReasoning) {
      const position = { ...at(item), summary_index: 0 };
      if (!item.summaryOpen) {
        item.summaryOpen = true;
        events.push(
          emit('response.reasoning_summary_part.added', { ...position, part: summaryPart('') }),
        );
      }
      events.push(emit('response.reasoning_summary_text.delta', { ...position, delta }));
    }
    item.text = event.type === 'reasoning' ? event.text : item.text + delta;
    if (event.type === 'reasoning') events.push(...close());
    return events;
  };

  return {
    /** `response.created` and `response.in_progress`, once the stack has started answering. */
    start(event: Event<'start'>): ResponsesEvent[] {
      frame.model = event.model;
      const response = snapshot({ status: 'in_progress', output: [] });
      return [emit('response.created', { response }), emit('response.in_progress', { response })];
    },
    content(event: ContentEvent): ResponsesEvent[] {
      if (event.type === 'text-delta') return text(event);
      if (event.type === 'reasoning-delta' || event.type === 'reasoning') return reasoning(event);
      return functionCall(event);
    },
    finish(event: Event<'finish'>, summary: LlmuxSummary, completedAt: number): ResponsesEvent[] {
      const { status, incomplete_details } = responseStatus(event.finishReason);
      const events = close(status);
      const response = snapshot({
        status,
        output,
        incomplete_details,
        usage: event.usage,
        ...(status === 'completed' && { completedAt }),
        llmux: summary,
      });
      events.push(emit(`response.${status}`, { response }));
      return events;
    },
    /**
     * A failure once the stream has begun: `response.failed` with the output so far (the open
     * item `incomplete`) and the error, then an `error` event, on which the SDKs throw.
     */
    fail(body: OpenAIErrorBody): ResponsesEvent[] {
      if (open) output[open.index] = itemOf(open, 'incomplete');
      const { code, message, param } = body.error;
      const response = snapshot({ status: 'failed', output, error: { code, message } });
      return [
        emit('response.failed', { response }),
        emit('error', { code, message, param, error: body.error }),
      ];
    },
  };
}

/** An item as `output_item.added` shows it: before any of its content. */
function emptied(item: OpenItem): Json {
  if (item.kind === 'message') return { content: [] };
  if (item.kind === 'function_call') return { arguments: '' };
  return { summary: [] };
}
