import { describe, expect, it } from 'vitest';
import { collectStream, responseToStream, StreamAccumulator } from './collect-stream.js';
import { LlmuxError } from './errors.js';
import type { GenerateResponse } from './response.js';
import type { StreamEvent } from './stream-event.js';

const response: GenerateResponse = {
  id: 'msg_1',
  provider: 'anthropic',
  model: 'claude-haiku-4-5',
  content: [
    { type: 'text', text: 'Let me check.' },
    { type: 'tool-call', toolCallId: 'call_1', toolName: 'weather', arguments: { city: 'Oslo' } },
    { type: 'text', text: 'Done.' },
  ],
  finishReason: { unified: 'tool-calls', raw: 'tool_use' },
  usage: {
    inputTokens: 10,
    outputTokens: 5,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
  },
  costUsd: 0.000035,
  latencyMs: 120,
  timeToFirstTokenMs: 40,
  warnings: [{ type: 'unsupported-setting', setting: 'seed' }],
  rateLimits: { requestsRemaining: 9 },
  trace: { attempts: [], routeReason: 'default' },
  providerMetadata: { anthropic: { stopSequence: null } },
};

async function* events(...list: StreamEvent[]): AsyncGenerator<StreamEvent> {
  yield* list;
}

const collectAll = async (stream: AsyncIterable<StreamEvent>) => {
  const list: StreamEvent[] = [];
  for await (const event of stream) list.push(event);
  return list;
};

describe('responseToStream and collectStream', () => {
  it('round-trip a response', async () => {
    expect(await collectStream(responseToStream(response))).toEqual(response);
  });

  it('replays a response as start, content in order, finish', async () => {
    const types = (await collectAll(responseToStream(response))).map((e) => e.type);
    expect(types).toEqual(['start', 'text-delta', 'tool-call', 'text-delta', 'finish']);
  });

  it('joins consecutive text deltas and ignores tool-call argument fragments', async () => {
    const collected = await collectStream(
      events(
        { type: 'start', id: 'r', provider: 'openai', model: 'gpt-5', warnings: [] },
        { type: 'text-delta', delta: 'Hel' },
        { type: 'text-delta', delta: 'lo' },
        { type: 'tool-call-delta', toolCallId: 'c', toolName: 't', argumentsDelta: '{"a"' },
        { type: 'tool-call', toolCallId: 'c', toolName: 't', arguments: { a: 1 } },
        {
          type: 'finish',
          finishReason: { unified: 'stop' },
          usage: response.usage,
          costUsd: 0,
          latencyMs: 1,
          trace: { attempts: [] },
        },
      ),
    );
    expect(collected.content).toEqual([
      { type: 'text', text: 'Hello' },
      { type: 'tool-call', toolCallId: 'c', toolName: 't', arguments: { a: 1 } },
    ]);
    expect(collected).toMatchObject({
      id: 'r',
      provider: 'openai',
      finishReason: { unified: 'stop' },
    });
  });

  it('rejects with the error event of a failed stream and stops reading there', async () => {
    const error = new LlmuxError({ kind: 'overloaded', message: 'busy', provider: 'anthropic' });
    let readAfterError = false;
    async function* failing(): AsyncGenerator<StreamEvent> {
      yield { type: 'start', id: 'r', provider: 'anthropic', model: 'm', warnings: [] };
      yield { type: 'text-delta', delta: 'partial' };
      yield { type: 'error', error };
      readAfterError = true;
    }
    await expect(collectStream(failing())).rejects.toBe(error);
    expect(readAfterError).toBe(false);
  });

  it('rejects with a server_error when the stream ends without finishing', async () => {
    const unfinished = collectStream(
      events(
        { type: 'start', id: 'r', provider: 'gemini', model: 'gemini-2.5-flash', warnings: [] },
        { type: 'text-delta', delta: 'cut off' },
      ),
    );
    await expect(unfinished).rejects.toMatchObject({
      kind: 'server_error',
      provider: 'gemini',
      model: 'gemini-2.5-flash',
    });
    await expect(collectStream(events())).rejects.toMatchObject({ kind: 'server_error' });
  });
});

describe('StreamAccumulator', () => {
  it('says whether the stream has finished', () => {
    const accumulator = new StreamAccumulator();
    expect(accumulator.finished).toBe(false);
    accumulator.push({
      type: 'finish',
      finishReason: { unified: 'stop' },
      usage: response.usage,
      costUsd: 0,
      latencyMs: 0,
      trace: { attempts: [] },
    });
    expect(accumulator.finished).toBe(true);
    expect(accumulator.response()).toMatchObject({ id: '', provider: '', content: [] });
  });
});
