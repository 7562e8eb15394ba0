import { describe, expect, it } from 'vitest';
import type { LlmuxSummary } from './llmux-summary.js';
import { createChunkTranslator } from './to-chat-chunks.js';

const summary: LlmuxSummary = {
  request_id: 'r',
  provider: 'gemini',
  model: 'gemini-2.5-pro',
  cost_usd: 0.01,
  cache_hit: false,
  saved_cost_usd: 0,
  prompt_cache_saved_usd: 0,
  route_reason: 'rule "large"',
  attempts: 1,
  warnings: [],
};

const finish = {
  type: 'finish' as const,
  finishReason: { unified: 'tool-calls' as const },
  usage: {
    inputTokens: 10,
    outputTokens: 4,
    cacheReadTokens: 2,
    cacheWriteTokens: 0,
    reasoningTokens: 1,
  },
  costUsd: 0.01,
  latencyMs: 5,
  trace: { attempts: [] },
};

const deltaOf = (chunk: string | undefined) =>
  (JSON.parse(chunk!) as { choices: Array<{ delta: unknown }> }).choices[0]?.delta;

describe('createChunkTranslator', () => {
  it('streams a tool call once by id and name, then argument fragments, by stable index', () => {
    const chunks = createChunkTranslator({ id: 'chatcmpl-r', created: 1, includeUsage: false });
    chunks.start({
      type: 'start',
      id: 'x',
      provider: 'gemini',
      model: 'gemini-2.5-pro',
      warnings: [],
    });
    const fragment = (toolCallId: string, argumentsDelta: string) =>
      deltaOf(
        chunks.content({ type: 'tool-call-delta', toolCallId, toolName: 'f', argumentsDelta }),
      );
    expect(fragment('a', '{"x"')).toEqual({
      tool_calls: [
        { index: 0, id: 'a', type: 'function', function: { name: 'f', arguments: '{"x"' } },
      ],
    });
    expect(fragment('a', ':1}')).toEqual({
      tool_calls: [{ index: 0, function: { arguments: ':1}' } }],
    });
    // The complete call repeats what the fragments said: nothing more to send.
    expect(
      chunks.content({ type: 'tool-call', toolCallId: 'a', toolName: 'f', arguments: { x: 1 } }),
    ).toBeUndefined();
    // A provider that sends only whole calls gets one chunk with all of it.
    expect(
      deltaOf(
        chunks.content({ type: 'tool-call', toolCallId: 'b', toolName: 'g', arguments: { y: 2 } }),
      ),
    ).toEqual({
      tool_calls: [
        { index: 1, id: 'b', type: 'function', function: { name: 'g', arguments: '{"y":2}' } },
      ],
    });
  });

  it('ends with the finish reason, then a usage chunk with no choices and the summary', () => {
    const chunks = createChunkTranslator({ id: 'chatcmpl-r', created: 1, includeUsage: true });
    const first = chunks.start({
      type: 'start',
      id: 'x',
      provider: 'gemini',
      model: 'gemini-2.5-pro',
      warnings: [],
    });
    expect(JSON.parse(first)).toMatchObject({
      object: 'chat.completion.chunk',
      model: 'gemini-2.5-pro',
      usage: null,
    });
    const [reason, usage] = chunks.finish(finish, summary).map((chunk) => JSON.parse(chunk));
    expect(reason).toMatchObject({
      choices: [{ finish_reason: 'tool_calls', delta: {} }],
      usage: null,
    });
    expect(usage).toMatchObject({
      choices: [],
      usage: {
        prompt_tokens: 10,
        completion_tokens: 4,
        total_tokens: 14,
        prompt_tokens_details: { cached_tokens: 2 },
        completion_tokens_details: { reasoning_tokens: 1 },
      },
      llmux: summary,
    });
  });

  it('puts the summary on the finish chunk without include_usage', () => {
    const chunks = createChunkTranslator({ id: 'chatcmpl-r', created: 1, includeUsage: false });
    const all = chunks.finish(finish, summary).map((chunk) => JSON.parse(chunk));
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ llmux: summary });
    expect(all[0]).not.toHaveProperty('usage');
  });

  it('streams reasoning as reasoning_content once, and text with its logprobs', () => {
    const chunks = createChunkTranslator({ id: 'chatcmpl-r', created: 1, includeUsage: false });
    const choiceOf = (chunk: string | undefined) =>
      (JSON.parse(chunk!) as { choices: Array<{ delta: unknown; logprobs: unknown }> }).choices[0];
    expect(deltaOf(chunks.content({ type: 'reasoning-delta', delta: 'Check ' }))).toEqual({
      reasoning_content: 'Check ',
    });
    chunks.content({ type: 'reasoning-delta', delta: 'the logs.' });
    // The complete part repeats the deltas: nothing more to send.
    expect(
      chunks.content({ type: 'reasoning', text: 'Check the logs.', signature: 's' }),
    ).toBeUndefined();
    // A part that came whole (no deltas) is sent whole.
    expect(deltaOf(chunks.content({ type: 'reasoning', text: 'Then answer.' }))).toEqual({
      reasoning_content: 'Then answer.',
    });
    expect(chunks.content({ type: 'reasoning', text: '', redactedData: 'x' })).toBeUndefined();
    const logprobs = [{ token: 'é', logprob: -0.1, top: [{ token: 'e', logprob: -2 }] }];
    expect(choiceOf(chunks.content({ type: 'text-delta', delta: 'é', logprobs }))).toEqual({
      index: 0,
      delta: { content: 'é' },
      logprobs: {
        content: [
          {
            token: 'é',
            logprob: -0.1,
            bytes: [195, 169],
            top_logprobs: [{ token: 'e', logprob: -2, bytes: [101] }],
          },
        ],
        refusal: null,
      },
      finish_reason: null,
    });
    expect(choiceOf(chunks.content({ type: 'text-delta', delta: '!' }))?.logprobs).toBeNull();
  });

  it('writes a text chunk as the whole chunk would serialise, for any model and text', () => {
    const chunks = createChunkTranslator({ id: 'chatcmpl-"r"', created: 7, includeUsage: true });
    const model = 'odd "content":"" model\\';
    chunks.start({ type: 'start', id: 'x', provider: 'openai', model, warnings: [] });
    const text = 'a "quote", a \\ and a line\n';
    expect(chunks.content({ type: 'text-delta', delta: text })).toBe(
      JSON.stringify({
        id: 'chatcmpl-"r"',
        object: 'chat.completion.chunk',
        created: 7,
        model,
        system_fingerprint: null,
        choices: [{ index: 0, delta: { content: text }, logprobs: null, finish_reason: null }],
        usage: null,
      }),
    );
  });
});
