import { describe, expect, it } from 'vitest';
import { createAnthropicStreamMapper } from './anthropic-stream-mapper.js';
import type { RawMessageStreamEvent } from './anthropic-types.js';
import { mapAnthropicContent } from './map-anthropic-content.js';

const events = (list: unknown[]) => list as RawMessageStreamEvent[];

describe('thinking in Anthropic streams and messages', () => {
  it('streams thinking as deltas and completes it, signed, at its block stop; redacted thinking too', () => {
    const mapper = createAnthropicStreamMapper({ warnings: [] });
    const mapped = events([
      {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'thinking', thinking: '', signature: '' },
      },
      {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'thinking_delta', thinking: 'Check ' },
      },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'df.' } },
      {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'signature_delta', signature: 'c2ln' },
      },
      { type: 'content_block_stop', index: 0 },
      {
        type: 'content_block_start',
        index: 1,
        content_block: { type: 'redacted_thinking', data: 'ZW5j' },
      },
      { type: 'content_block_stop', index: 1 },
    ]).flatMap((event) => mapper.map(event));
    expect(mapped).toEqual([
      { type: 'reasoning-delta', delta: 'Check ' },
      { type: 'reasoning-delta', delta: 'df.' },
      { type: 'reasoning', text: 'Check df.', signature: 'c2ln', provider: 'anthropic' },
      { type: 'reasoning', text: '', redactedData: 'ZW5j', provider: 'anthropic' },
    ]);
  });

  it('reads the same parts from a message', () => {
    const content = mapAnthropicContent([
      { type: 'thinking', thinking: 'Check df.', signature: 'c2ln' },
      { type: 'redacted_thinking', data: 'ZW5j' },
      { type: 'text', text: 'Full.', citations: null },
    ]);
    expect(content).toEqual([
      { type: 'reasoning', text: 'Check df.', signature: 'c2ln', provider: 'anthropic' },
      { type: 'reasoning', text: '', redactedData: 'ZW5j', provider: 'anthropic' },
      { type: 'text', text: 'Full.' },
    ]);
  });

  it('streams the input of the forced JSON tool as text, and ends with stop', () => {
    const mapper = createAnthropicStreamMapper({ warnings: [], jsonTool: 'json' });
    const mapped = events([
      { type: 'message_start', message: { id: 'm', model: 'claude-opus-5', usage: {} } },
      {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'tool_use', id: 't', name: 'json', input: {} },
      },
      {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'input_json_delta', partial_json: '{"a":' },
      },
      {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'input_json_delta', partial_json: '1}' },
      },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 3 } },
      { type: 'message_stop' },
    ]).flatMap((event) => mapper.map(event));
    expect(mapped.filter((e) => e.type !== 'start')).toEqual([
      { type: 'text-delta', delta: '{"a":' },
      { type: 'text-delta', delta: '1}' },
    ]);
    expect(mapper.outcome()?.finishReason).toEqual({ unified: 'stop', raw: 'tool_use' });
  });
});
