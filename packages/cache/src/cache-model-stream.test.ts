import { collectStream, type StreamEvent, textOf } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { ask, setup } from './cache-test-setup.js';

const drain = async (stream: AsyncIterable<StreamEvent>) => {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
};

describe('createCache: streams', () => {
  it('passes a streamed miss through live and stores it once it completes', async () => {
    const { cached, inner, memoryStore, outcomes } = setup({
      model: { script: { text: 'abcdefghij', chunkSize: 4 } },
    });
    const events = await drain(cached.stream(ask('hi')));
    expect(events.map((event) => event.type)).toEqual([
      'start',
      'text-delta',
      'text-delta',
      'text-delta',
      'finish',
    ]);
    expect(memoryStore.size).toBe(1);
    expect(outcomes()).toEqual(['miss', 'store']);
    const hit = await cached.generate(ask('hi'));
    expect(textOf(hit)).toBe('abcdefghij');
    expect(inner.calls).toHaveLength(1);
  });

  it('replays a hit as a stream of events, marked as a hit at no cost', async () => {
    const { cached, inner } = setup({ model: { script: { text: 'abcdefghij', chunkSize: 4 } } });
    const original = await cached.generate(ask('hi'));
    const events = await drain(cached.stream(ask('hi')));
    expect(inner.calls).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'start', id: original.id, provider: 'openai' });
    expect(
      events
        .filter((e) => e.type === 'text-delta')
        .map((e) => e.delta)
        .join(''),
    ).toBe('abcdefghij');
    expect(events.at(-1)).toMatchObject({
      type: 'finish',
      finishReason: { unified: 'stop' },
      usage: original.usage,
      costUsd: 0,
      trace: { cacheHit: true, savedCostUsd: original.costUsd },
    });
  });

  it('replays tool calls', async () => {
    const { cached } = setup({
      model: { script: { toolCalls: [{ id: 'c1', name: 'calc', arguments: { x: 2 } }] } },
    });
    await collectStream(cached.stream(ask('calc')));
    const events = await drain(cached.stream(ask('calc')));
    expect(events).toContainEqual({
      type: 'tool-call',
      toolCallId: 'c1',
      toolName: 'calc',
      arguments: { x: 2 },
    });
    expect(events.at(-1)).toMatchObject({ finishReason: { unified: 'tool-calls' } });
  });

  it('does not store a stream that errored', async () => {
    const { cached, inner, memoryStore } = setup({
      model: { script: { text: 'abcdefghij', chunkSize: 4 } },
    });
    inner.enqueue({ text: 'abcdefghij', chunkSize: 4, error: 'server_error', errorAfterChunks: 1 });
    const events = await drain(cached.stream(ask('hi')));
    expect(events.map((event) => event.type)).toEqual(['start', 'text-delta', 'error']);
    expect(memoryStore.size).toBe(0);
    await collectStream(cached.stream(ask('hi')));
    expect(inner.calls).toHaveLength(2);
    expect(memoryStore.size).toBe(1);
  });

  it('does not store a stream the caller stopped reading', async () => {
    const { cached, inner, memoryStore } = setup({
      model: { script: { text: 'abcdefghij', chunkSize: 4 } },
    });
    for await (const event of cached.stream(ask('hi'))) {
      if (event.type === 'text-delta') break;
    }
    expect(memoryStore.size).toBe(0);
    await collectStream(cached.stream(ask('hi')));
    expect(inner.calls).toHaveLength(2);
  });

  it('passes non-cacheable streams through untouched', async () => {
    const { cached, inner, events } = setup();
    const streamed = await drain(cached.stream(ask('hi', { temperature: 1 })));
    expect(streamed.at(-1)).toMatchObject({ type: 'finish' });
    await drain(cached.stream(ask('hi', { temperature: 1 })));
    expect(inner.calls).toHaveLength(2);
    expect(events).toEqual([]);
  });

  it('honours noStore and skipLookup on streams', async () => {
    const { cached, inner, memoryStore } = setup();
    await drain(cached.stream(ask('hi', { cache: { noStore: true } })));
    expect(memoryStore.size).toBe(0);
    await drain(cached.stream(ask('hi', { cache: { skipLookup: true } })));
    expect(memoryStore.size).toBe(1);
    await drain(cached.stream(ask('hi', { cache: { skipLookup: true } })));
    expect(inner.calls).toHaveLength(3);
    await drain(cached.stream(ask('hi')));
    expect(inner.calls).toHaveLength(3);
  });

  it('reports a malformed cache control as an error event, never a throw', async () => {
    const { cached, inner } = setup();
    const events = await drain(cached.stream(ask('hi', { cache: { force: 'yes' as never } })));
    expect(events).toEqual([
      { type: 'error', error: expect.objectContaining({ kind: 'invalid_request' }) },
    ]);
    expect(inner.calls).toHaveLength(0);
  });
});
