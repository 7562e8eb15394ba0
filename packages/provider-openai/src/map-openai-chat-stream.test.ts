import {
  createManualClock,
  guardStream,
  LlmuxError,
  type StreamEvent,
  startCallTimer,
} from '@llmux/core';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { type ChatStreamContext, mapOpenAIChatStream } from './map-openai-chat-stream.js';
import { mapOpenAIError } from './map-openai-error.js';

const clock = createManualClock(1000);

const context = (extra: Partial<ChatStreamContext> = {}): ChatStreamContext => ({
  provider: 'openai',
  modelId: 'gpt-4.1',
  warnings: [],
  timer: startCallTimer(clock),
  requireUsage: true,
  costOf: (usage) => usage.inputTokens / 1000,
  ...extra,
});

const chunk = (
  delta: ChatCompletionChunk.Choice.Delta | undefined,
  extra: Partial<ChatCompletionChunk> = {},
  finish: ChatCompletionChunk.Choice['finish_reason'] = null,
): ChatCompletionChunk => ({
  id: 'chatcmpl-9',
  object: 'chat.completion.chunk',
  created: 0,
  model: 'gpt-4.1-2025-04-14',
  choices: delta ? [{ index: 0, delta, finish_reason: finish }] : [],
  ...extra,
});

const usage = { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 };

async function* from(chunks: ChatCompletionChunk[], failure?: unknown) {
  for (const item of chunks) {
    await clock.advance(5);
    yield item;
  }
  if (failure) throw failure;
}

/** The chunks through the mapper and core's stream guard, as the model streams them. */
const run = async (
  chunks: AsyncIterable<ChatCompletionChunk>,
  extra?: Partial<ChatStreamContext>,
  signal?: AbortSignal,
) => {
  const events: StreamEvent[] = [];
  const stream = guardStream(mapOpenAIChatStream(chunks, context(extra)), {
    provider: 'openai',
    model: 'gpt-4.1',
    signal,
    mapError: (error) =>
      mapOpenAIError(error, { provider: 'openai', model: 'gpt-4.1', now: 0, signal }),
  });
  for await (const event of stream) events.push(event);
  return events;
};

describe('mapOpenAIChatStream', () => {
  it('streams start, text deltas and a finish with usage, cost and timing', async () => {
    const events = await run(
      from([
        chunk({ role: 'assistant', content: '' }),
        chunk({ content: 'Hel' }),
        chunk({ content: 'lo' }),
        chunk({}, {}, 'stop'),
        chunk(undefined, { usage }),
      ]),
      {
        timer: startCallTimer(clock),
        warnings: [{ type: 'other', message: 'w' }],
        rateLimits: { requestsRemaining: 4 },
      },
    );
    expect(events).toEqual([
      {
        type: 'start',
        id: 'chatcmpl-9',
        provider: 'openai',
        model: 'gpt-4.1-2025-04-14',
        warnings: [{ type: 'other', message: 'w' }],
        rateLimits: { requestsRemaining: 4 },
      },
      { type: 'text-delta', delta: 'Hel' },
      { type: 'text-delta', delta: 'lo' },
      {
        type: 'finish',
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: {
          inputTokens: 12,
          outputTokens: 3,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          reasoningTokens: 0,
        },
        costUsd: 0.012,
        latencyMs: 25,
        timeToFirstTokenMs: 10,
        trace: { attempts: [] },
        providerMetadata: { openai: {} },
      },
    ]);
  });

  it('streams tool-call fragments by index and completes each call at the finish', async () => {
    const events = await run(
      from([
        chunk({ role: 'assistant', content: null }),
        chunk({
          tool_calls: [
            {
              index: 0,
              id: 'call_a',
              type: 'function',
              function: { name: 'weather', arguments: '' },
            },
          ],
        }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '{"ci' } }] }),
        chunk({
          tool_calls: [
            {
              index: 1,
              id: 'call_b',
              type: 'function',
              function: { name: 'time', arguments: '{}' },
            },
          ],
        }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: 'ty":"Oslo"}' } }] }),
        chunk({}, {}, 'tool_calls'),
        chunk(undefined, { usage }),
      ]),
    );
    expect(events.filter((e) => e.type === 'tool-call-delta')).toEqual([
      {
        type: 'tool-call-delta',
        toolCallId: 'call_a',
        toolName: 'weather',
        argumentsDelta: '{"ci',
      },
      { type: 'tool-call-delta', toolCallId: 'call_b', toolName: 'time', argumentsDelta: '{}' },
      {
        type: 'tool-call-delta',
        toolCallId: 'call_a',
        toolName: 'weather',
        argumentsDelta: 'ty":"Oslo"}',
      },
    ]);
    expect(events.filter((e) => e.type === 'tool-call')).toEqual([
      { type: 'tool-call', toolCallId: 'call_a', toolName: 'weather', arguments: { city: 'Oslo' } },
      { type: 'tool-call', toolCallId: 'call_b', toolName: 'time', arguments: {} },
    ]);
    expect(events.at(-1)).toMatchObject({
      type: 'finish',
      finishReason: { unified: 'tool-calls' },
    });
  });

  it('keeps a streamed refusal and the service tier in the provider metadata, like generate', async () => {
    const events = await run(
      from([
        chunk({ role: 'assistant', refusal: "I can't" }, { service_tier: 'default' }),
        chunk({ refusal: ' help.' }),
        chunk({}, {}, 'stop'),
        chunk(undefined, { usage }),
      ]),
    );
    expect(events.at(-1)).toMatchObject({
      type: 'finish',
      providerMetadata: { openai: { serviceTier: 'default', refusal: "I can't help." } },
    });
  });

  it('waits for a chunk with an id before starting (Azure sends an empty one first)', async () => {
    const events = await run(
      from([
        chunk(undefined, { id: '', model: '' }),
        chunk({ content: 'x' }, { id: 'chatcmpl-az', model: 'gpt-5-nano-2025-08-07' }),
        chunk({}, {}, 'stop'),
        chunk(undefined, { usage }),
      ]),
    );
    expect(events[0]).toMatchObject({
      type: 'start',
      id: 'chatcmpl-az',
      model: 'gpt-5-nano-2025-08-07',
    });
  });

  it('takes usage from the finish chunk too (some compatible servers put it there)', async () => {
    const events = await run(from([chunk({ content: 'x' }), chunk({}, { usage }, 'length')]));
    expect(events.at(-1)).toMatchObject({
      type: 'finish',
      usage: { inputTokens: 12 },
      finishReason: { unified: 'length' },
    });
  });

  it('ends with an error, not a finish, when the stream stops before its finish chunk', async () => {
    const events = await run(from([chunk({ content: 'par' })]));
    expect(events.map((e) => e.type)).toEqual(['start', 'text-delta', 'error']);
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      error: {
        kind: 'server_error',
        retryable: true,
        message: 'The openai stream ended before its finish chunk',
      },
    });
  });

  it('ends with an error when the usage chunk never came, unless usage is optional', async () => {
    const chunks = [chunk({ content: 'x' }), chunk({}, {}, 'stop')];
    const strict = await run(from(chunks));
    expect(strict.at(-1)).toMatchObject({
      type: 'error',
      error: { message: 'The openai stream ended before its usage chunk' },
    });
    const lenient = await run(from(chunks), { requireUsage: false });
    expect(lenient.at(-1)).toMatchObject({
      type: 'finish',
      usage: { inputTokens: 0, outputTokens: 0 },
    });
  });

  it('maps an error thrown mid-stream into the last event', async () => {
    const events = await run(from([chunk({ content: 'x' })], new TypeError('terminated')));
    expect(events.map((e) => e.type)).toEqual(['start', 'text-delta', 'error']);
    expect(events.at(-1)).toMatchObject({ error: { kind: 'network' } });
  });

  it("ends with the caller's cancel when the SDK stops quietly on an abort", async () => {
    const controller = new AbortController();
    async function* aborted() {
      yield chunk({ content: 'x' });
      controller.abort();
    }
    const events = await run(aborted(), {}, controller.signal);
    const last = events.at(-1);
    expect(last?.type).toBe('error');
    if (last?.type === 'error') {
      expect(LlmuxError.isInstance(last.error)).toBe(true);
      expect(last.error.kind).toBe('cancelled');
    }
  });
});
