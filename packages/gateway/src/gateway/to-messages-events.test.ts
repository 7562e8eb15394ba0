import type { StreamEvent } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import type { LlmuxSummary } from './llmux-summary.js';
import { type AnthropicEvent, createMessageEventTranslator } from './to-messages-events.js';

type Event<T extends StreamEvent['type']> = Extract<StreamEvent, { type: T }>;

const summary = { request_id: 'req-1' } as LlmuxSummary;
const finish: Event<'finish'> = {
  type: 'finish',
  finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
  usage: {
    inputTokens: 50,
    outputTokens: 9,
    cacheReadTokens: 20,
    cacheWriteTokens: 10,
    reasoningTokens: 0,
  },
  costUsd: 0,
  latencyMs: 1,
  trace: { attempts: [] },
};

/** Runs core events through a translator; each Anthropic event in short form. */
function translate(events: StreamEvent[], omitThinking = false, provider = 'openai') {
  const translator = createMessageEventTranslator({
    id: 'msg_1',
    shape: { stopSequences: undefined, omitThinking },
  });
  const out: AnthropicEvent[] = translator.start({
    type: 'start',
    id: 'x',
    provider,
    model: 'm',
    warnings: [],
  });
  for (const event of events) {
    if (event.type === 'finish') out.push(...translator.finish(event, summary));
    else if (event.type !== 'start' && event.type !== 'error')
      out.push(...translator.content(event));
  }
  return out;
}

const short = (event: AnthropicEvent): string => {
  if (event.type === 'content_block_start') {
    const block = event.content_block as { type: string; id?: string };
    return `start ${event.index} ${block.type}${block.id ? ` ${block.id}` : ''}`;
  }
  if (event.type === 'content_block_delta') {
    const { type, ...rest } = event.delta as { type: string };
    return `${event.index} ${type} ${Object.values(rest).join('')}`;
  }
  if (event.type === 'content_block_stop') return `stop ${event.index}`;
  return event.type;
};

describe('createMessageEventTranslator', () => {
  it('keeps each tool call in one block when calls stream interleaved, as OpenAI may send them', () => {
    const delta = (id: string, argumentsDelta: string): StreamEvent => ({
      type: 'tool-call-delta',
      toolCallId: id,
      toolName: `tool_${id}`,
      argumentsDelta,
    });
    const call = (id: string, args: object): StreamEvent => ({
      type: 'tool-call',
      toolCallId: id,
      toolName: `tool_${id}`,
      arguments: args,
    });
    const events = translate([
      { type: 'text-delta', delta: 'Checking.' },
      delta('a', '{"x":'),
      delta('b', '{"y":'),
      delta('a', '1}'),
      { type: 'text-delta', delta: ' Done?' },
      delta('b', '2}'),
      call('a', { x: 1 }),
      call('b', { y: 2 }),
      finish,
    ]);
    expect(events.map(short)).toEqual([
      'message_start',
      'start 0 text',
      'ping',
      '0 text_delta Checking.',
      'stop 0',
      'start 1 tool_use a',
      '1 input_json_delta {"x":',
      '1 input_json_delta 1}',
      'stop 1',
      'start 2 tool_use b',
      '2 input_json_delta {"y":',
      '2 input_json_delta 2}',
      'stop 2',
      'start 3 text',
      '3 text_delta  Done?',
      'stop 3',
      'message_delta',
      'message_stop',
    ]);
  });

  it('streams thinking then its signature, a redacted block whole, and a complete call at once', () => {
    const events = translate(
      [
        { type: 'reasoning-delta', delta: 'Look at ' },
        { type: 'reasoning-delta', delta: 'the deploys.' },
        { type: 'reasoning', text: 'Look at the deploys.', signature: 's1', provider: 'gemini' },
        { type: 'reasoning', text: '', redactedData: 'r2' },
        { type: 'tool-call', toolCallId: 'c', toolName: 'rollback', arguments: { id: 7 } },
        finish,
      ],
      false,
      'gemini',
    );
    expect(events.map(short)).toEqual([
      'message_start',
      'start 0 thinking',
      'ping',
      '0 thinking_delta Look at ',
      '0 thinking_delta the deploys.',
      '0 signature_delta llmux:gemini:s1',
      'stop 0',
      'start 1 redacted_thinking',
      'stop 1',
      'start 2 tool_use c',
      '2 input_json_delta {"id":7}',
      'stop 2',
      'message_delta',
      'message_stop',
    ]);
    expect(events[7]).toMatchObject({
      content_block: { type: 'redacted_thinking', data: 'llmux:gemini:r2' },
    });
  });

  it('leaves thinking text out when display is omitted, and ends with the usage as Anthropic counts it', () => {
    const events = translate(
      [
        { type: 'reasoning-delta', delta: 'secret' },
        { type: 'reasoning', text: 'secret', signature: 's1' },
        finish,
      ],
      true,
      'anthropic',
    );
    expect(events.map(short)).toEqual([
      'message_start',
      'start 0 thinking',
      'ping',
      '0 signature_delta s1',
      'stop 0',
      'message_delta',
      'message_stop',
    ]);
    expect(events.at(-2)).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: {
        input_tokens: 20,
        output_tokens: 9,
        cache_creation_input_tokens: 10,
        cache_read_input_tokens: 20,
      },
      llmux: summary,
    });
  });

  it('closes a call that never completed at the finish, then what waited on it', () => {
    const events = translate([
      { type: 'tool-call-delta', toolCallId: 'a', toolName: 't', argumentsDelta: '{}' },
      { type: 'text-delta', delta: 'after' },
      finish,
    ]);
    expect(events.map(short).slice(1, -2)).toEqual([
      'start 0 tool_use a',
      'ping',
      '0 input_json_delta {}',
      'stop 0',
      'start 1 text',
      '1 text_delta after',
      'stop 1',
    ]);
  });
});
