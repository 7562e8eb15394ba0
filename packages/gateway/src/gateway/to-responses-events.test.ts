import type { StreamEvent } from '@llmux/core';
import { ResponseStream } from 'openai/lib/responses/ResponseStream';
import { describe, expect, it } from 'vitest';
import type { LlmuxSummary } from './llmux-summary.js';
import { toErrorReply } from './openai-errors.js';
import { RequestFieldError } from './request-field-error.js';
import { createResponsesEventTranslator, type ResponsesEvent } from './to-responses-events.js';
import { toResponsesRequest } from './to-responses-request.js';

const summary = { request_id: 'r1', provider: 'test' } as LlmuxSummary;
const usage = {
  inputTokens: 10,
  outputTokens: 20,
  cacheReadTokens: 4,
  cacheWriteTokens: 0,
  reasoningTokens: 5,
};
const start: StreamEvent = { type: 'start', id: 'x', provider: 'test', model: 'm-1', warnings: [] };
const finish = (unified: 'stop' | 'length' | 'tool-calls' = 'stop'): StreamEvent => ({
  type: 'finish',
  finishReason: { unified },
  usage,
  costUsd: 0.01,
  latencyMs: 5,
  trace: { attempts: [] },
});

function translate(events: StreamEvent[], body: Record<string, unknown> = {}) {
  const call = toResponsesRequest(
    { model: 'auto', input: 'hi', ...body },
    { tenant: 't', requestId: 'r1', resolveModel: () => undefined },
  );
  const translator = createResponsesEventTranslator({
    requestId: 'r1',
    createdAt: 100,
    model: '',
    call,
  });
  const out: ResponsesEvent[] = [];
  for (const event of events) {
    if (event.type === 'start') out.push(...translator.start(event));
    else if (event.type === 'finish') out.push(...translator.finish(event, summary, 101));
    else if (event.type === 'error')
      out.push(...translator.fail(toErrorReply(event.error, (t) => t).body));
    else out.push(...translator.content(event));
  }
  return out;
}

/** Feeds the events to the openai SDK's own stream accumulator, as `responses.stream()` does. */
async function sdkFinal(events: ResponsesEvent[]) {
  const lines = events.map((event) => `${JSON.stringify(event)}\n`).join('');
  const readable = new Response(lines).body!;
  return ResponseStream.fromReadableStream(readable).finalResponse();
}

const types = (events: ResponsesEvent[]) => events.map((event) => event.type);

describe('createResponsesEventTranslator', () => {
  it('streams reasoning summary, text and a function call as typed, numbered events', async () => {
    const events = translate(
      [
        start,
        { type: 'reasoning-delta', delta: 'Check ' },
        { type: 'reasoning-delta', delta: 'status.' },
        { type: 'reasoning', text: 'Check status.', signature: 'sig', provider: 'anthropic' },
        { type: 'text-delta', delta: 'Let me ' },
        { type: 'text-delta', delta: 'look.' },
        {
          type: 'tool-call-delta',
          toolCallId: 'c1',
          toolName: 'get_status',
          argumentsDelta: '{"s":',
        },
        { type: 'tool-call-delta', toolCallId: 'c1', toolName: 'get_status', argumentsDelta: '1}' },
        { type: 'tool-call', toolCallId: 'c1', toolName: 'get_status', arguments: { s: 1 } },
        finish('tool-calls'),
      ],
      { reasoning: { effort: 'low', summary: 'auto' } },
    );
    expect(types(events)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, i) => i));
    const final = await sdkFinal(events);
    expect(final.status).toBe('completed');
    expect(final.model).toBe('m-1');
    expect(final.output_text).toBe('Let me look.');
    // The SDK adds `parsed` fields of its own.
    expect(final.output).toMatchObject([
      {
        type: 'reasoning',
        id: 'rs_r1_0',
        summary: [{ type: 'summary_text', text: 'Check status.' }],
      },
      {
        type: 'message',
        id: 'msg_r1_1',
        role: 'assistant',
        status: 'completed',
        content: [{ type: 'output_text', text: 'Let me look.', annotations: [] }],
      },
      {
        type: 'function_call',
        id: 'fc_r1_2',
        call_id: 'c1',
        name: 'get_status',
        arguments: '{"s":1}',
        status: 'completed',
      },
    ]);
    expect(final.usage).toEqual({
      input_tokens: 10,
      input_tokens_details: { cached_tokens: 4 },
      output_tokens: 20,
      output_tokens_details: { reasoning_tokens: 5 },
      total_tokens: 30,
    });
  });

  it('keeps the reasoning text back unless a summary was asked for', async () => {
    const events = translate([
      start,
      { type: 'reasoning-delta', delta: 'secret' },
      { type: 'reasoning', text: 'secret' },
      { type: 'text-delta', delta: 'ok' },
      finish(),
    ]);
    expect(JSON.stringify(events)).not.toContain('secret');
    const final = await sdkFinal(events);
    expect(final.output[0]).toEqual({ type: 'reasoning', id: 'rs_r1_0', summary: [] });
  });

  it('streams parallel calls whose complete events come at the end, and calls that come whole', async () => {
    const events = translate([
      start,
      { type: 'tool-call-delta', toolCallId: 'a', toolName: 'f', argumentsDelta: '{"n":1}' },
      { type: 'tool-call-delta', toolCallId: 'b', toolName: 'f', argumentsDelta: '{"n":2}' },
      { type: 'tool-call', toolCallId: 'a', toolName: 'f', arguments: { n: 1 } },
      { type: 'tool-call', toolCallId: 'b', toolName: 'f', arguments: { n: 2 } },
      { type: 'tool-call', toolCallId: 'c', toolName: 'g', arguments: { n: 3 } },
      finish('tool-calls'),
    ]);
    const final = await sdkFinal(events);
    expect(
      final.output.map((item) => item.type === 'function_call' && [item.call_id, item.arguments]),
    ).toEqual([
      ['a', '{"n":1}'],
      ['b', '{"n":2}'],
      ['c', '{"n":3}'],
    ]);
    const deltas = events.filter((e) => e.type === 'response.function_call_arguments.delta');
    expect(deltas.map((e) => e.delta)).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);
  });

  it('ends a response cut by the token limit as incomplete', async () => {
    const events = translate([start, { type: 'text-delta', delta: 'Once upon' }, finish('length')]);
    expect(events.at(-1)?.type).toBe('response.incomplete');
    const final = await sdkFinal(events);
    expect(final.status).toBe('incomplete');
    expect(final.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(final.output[0]).toMatchObject({ type: 'message', status: 'incomplete' });
  });

  it('carries log probabilities when they were asked for', async () => {
    const logprobs = [{ token: 'ok', logprob: -0.1, top: [{ token: 'no', logprob: -2 }] }];
    const events = translate([start, { type: 'text-delta', delta: 'ok', logprobs }, finish()], {
      include: ['message.output_text.logprobs'],
      top_logprobs: 1,
    });
    const final = await sdkFinal(events);
    const item = final.output[0];
    expect(item?.type === 'message' && item.content[0]).toMatchObject({
      logprobs: [
        {
          token: 'ok',
          logprob: -0.1,
          bytes: [111, 107],
          top_logprobs: [{ token: 'no', logprob: -2, bytes: [110, 111] }],
        },
      ],
    });
  });

  it('ends a failure mid-stream with response.failed, the partial output, and an error event', () => {
    const error = new RequestFieldError(null, 'upstream broke', {
      code: 'server_error',
      status: 400,
    });
    const events = translate([
      start,
      { type: 'text-delta', delta: 'Half' },
      { type: 'error', error },
    ]);
    expect(types(events).slice(-2)).toEqual(['response.failed', 'error']);
    const failed = events.at(-2) as unknown as { response: Record<string, unknown> };
    expect(failed.response).toMatchObject({
      status: 'failed',
      error: { code: 'server_error', message: 'upstream broke' },
      output: [{ type: 'message', status: 'incomplete', content: [{ text: 'Half' }] }],
    });
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      code: 'server_error',
      message: 'upstream broke',
      param: null,
      error: { type: 'invalid_request_error', code: 'server_error' },
    });
  });
});
