import { APIError } from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { readAnthropicStream } from './read-anthropic-stream.js';

const sse = (name: string, data: unknown) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
const start = { type: 'message_start', message: { id: 'msg_1' } };
const delta = (text: string) => ({
  type: 'content_block_delta',
  index: 0,
  delta: { type: 'text_delta', text },
});

/** A response whose body sends `pieces`, then ends (or fails with `failure`); it logs a cancel. */
function responseOf(pieces: string[], failure?: unknown) {
  const log: string[] = [];
  const encoder = new TextEncoder();
  let next = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next < pieces.length) controller.enqueue(encoder.encode(pieces[next++]));
      else if (failure) controller.error(failure);
      else controller.close();
    },
    cancel() {
      log.push('cancelled');
    },
  });
  const response = new Response(body, { headers: { 'request-id': 'req_1' } });
  return { response, log };
}

/** The API's events of `response` as they are, and nothing at the end. */
const readAnthropicEvents = (response: Response) =>
  readAnthropicStream(async () => ({ response, map: (event) => [event], end: () => [] }));

const drainAll = async <T>(stream: AsyncIterable<T>) => {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
};

const readAll = async (response: Response) => {
  const events: unknown[] = [];
  for await (const event of readAnthropicEvents(response)) events.push(event);
  return events;
};

describe('readAnthropicStream', () => {
  it('hands out the events of the body, skipping pings, however its reads cut them', async () => {
    const text =
      sse('message_start', start) + sse('ping', { type: 'ping' }) + sse('x', delta('hi'));
    const { response } = responseOf([text.slice(0, 30), text.slice(30, 31), text.slice(31)]);
    expect(await readAll(response)).toEqual([start, delta('hi')]);
  });

  it("throws a stream's error event as the SDK's APIError, with its type and headers", async () => {
    const error = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } };
    const { response } = responseOf([sse('message_start', start) + sse('error', error)]);
    const events = readAnthropicEvents(response);
    expect((await events.next()).value).toEqual(start);
    const thrown = await events.next().catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(APIError);
    expect(thrown).toMatchObject({
      status: undefined,
      type: 'overloaded_error',
      error,
      requestID: 'req_1',
    });
    expect(await events.next()).toEqual({ done: true, value: undefined });
  });

  it('throws on data that is not JSON', async () => {
    const { response } = responseOf(['event: x\ndata: {oops\n\n']);
    await expect(readAll(response)).rejects.toThrow(SyntaxError);
  });

  it('cancels the body when the caller stops reading, and not once it was read to the end', async () => {
    const early = responseOf([sse('message_start', start), sse('x', delta('a'))]);
    for await (const _ of readAnthropicEvents(early.response)) break;
    expect(early.log).toEqual(['cancelled']);

    const whole = responseOf([sse('message_start', start)]);
    const events = readAnthropicEvents(whole.response);
    expect((await events.next()).value).toEqual(start);
    expect(await events.next()).toEqual({ done: true, value: undefined });
    await events.return();
    expect(whole.log).toEqual([]);
  });

  it('`throw` cancels the body, then rejects with what was thrown', async () => {
    const { response, log } = responseOf([sse('message_start', start), sse('x', delta('a'))]);
    const events = readAnthropicEvents(response);
    await events.next();
    await expect(events.throw(new Error('stop'))).rejects.toThrow('stop');
    expect(log).toEqual(['cancelled']);
  });

  it('ends quietly when a read is aborted, as the SDK does, and throws any other failure', async () => {
    const abort = new DOMException('This operation was aborted', 'AbortError');
    const aborted = responseOf([sse('message_start', start)], abort);
    expect(await readAll(aborted.response)).toEqual([start]);

    const cut = responseOf([sse('message_start', start)], new TypeError('terminated'));
    await expect(readAll(cut.response)).rejects.toThrow('terminated');
  });

  it('makes the call on the first read, and not at all for a stream closed before it', async () => {
    const calls: string[] = [];
    const { response } = responseOf([sse('message_start', start)]);
    const open = async () => {
      calls.push('called');
      return { response, map: (event: unknown) => [event], end: () => [] };
    };
    const unread = readAnthropicStream(open);
    await unread.return();
    expect(calls).toEqual([]);
    const read = readAnthropicStream(open);
    expect(calls).toEqual([]);
    expect((await read.next()).value).toEqual(start);
    expect(calls).toEqual(['called']);
  });

  it('maps each event to its items, then adds what the end gives, or throws what it throws', async () => {
    const text = sse('message_start', start) + sse('x', delta('a')) + sse('x', delta('b'));
    const mapped = readAnthropicStream(async () => ({
      response: responseOf([text]).response,
      map: (event) => (event.type === 'message_start' ? [] : ['item', 'item']),
      end: () => ['last'],
    }));
    const items: string[] = [];
    for await (const item of mapped) items.push(item);
    expect(items).toEqual(['item', 'item', 'item', 'item', 'last']);

    const short = readAnthropicStream(async () => ({
      response: responseOf([text]).response,
      map: (event) => [event],
      end: () => {
        throw new Error('no message_stop');
      },
    }));
    await expect(drainAll(short)).rejects.toThrow('no message_stop');
  });

  it('cancels the body of a call that answers after the caller left', async () => {
    const { response, log } = responseOf([sse('message_start', start)]);
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const stream = readAnthropicStream(async () => {
      await answered;
      return { response, map: (event) => [event], end: () => [] };
    });
    const read = stream.next();
    await stream.return();
    answer();
    expect(await read).toEqual({ done: true, value: undefined });
    expect(log).toEqual(['cancelled']);
  });

  it('hands out at once the items left of the last read, and nothing before a read', async () => {
    const text = sse('message_start', start) + sse('x', delta('a')) + sse('x', delta('b'));
    const { response } = responseOf([text]);
    const events = readAnthropicEvents(response);
    expect(events.nextReady()).toBeUndefined();
    expect((await events.next()).value).toEqual(start);
    expect(events.nextReady()).toEqual({ done: false, value: delta('a') });
    expect(events.nextReady()).toEqual({ done: false, value: delta('b') });
    expect(events.nextReady()).toBeUndefined();
    expect(await events.next()).toEqual({ done: true, value: undefined });
  });
});
