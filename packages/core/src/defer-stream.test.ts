import { describe, expect, it } from 'vitest';
import { deferStream } from './defer-stream.js';
import { LlmuxError } from './errors.js';
import type { StreamEvent } from './stream-event.js';
import { drain, finish, readySource, start, text } from './stream-test-events.js';

function source(list: StreamEvent[], log: string[]) {
  async function* events() {
    try {
      yield* list;
    } finally {
      log.push('source closed');
    }
  }
  return events();
}

describe('deferStream', () => {
  it('opens on the first read, then reads the stream it made', async () => {
    const log: string[] = [];
    const stream = deferStream(async () => {
      log.push('opened');
      return source([start, text('a')], log);
    });
    expect(log).toEqual([]);
    expect(await drain(stream)).toEqual([start, text('a')]);
    expect(log).toEqual(['opened', 'source closed']);
  });

  it('opens without waiting when `open` returns the stream itself', async () => {
    const log: string[] = [];
    expect(await drain(deferStream(() => source([start], log)))).toEqual([start]);
  });

  it('never opens when closed before its first read', async () => {
    const log: string[] = [];
    const stream = deferStream(() => {
      log.push('opened');
      return source([start], log);
    });
    expect(await stream.return()).toEqual({ done: true, value: undefined });
    expect(await stream.next()).toEqual({ done: true, value: undefined });
    expect(log).toEqual([]);
  });

  it('turns what `open` throws, or rejects with, into one error event', async () => {
    const rejected = await drain(
      deferStream(() => Promise.reject(new LlmuxError({ kind: 'rate_limited', message: 'full' }))),
    );
    expect(rejected).toEqual([
      { type: 'error', error: expect.objectContaining({ kind: 'rate_limited', message: 'full' }) },
    ]);
    const thrown = await drain(
      deferStream(() => {
        throw new TypeError('bad request');
      }),
    );
    expect(thrown).toEqual([{ type: 'error', error: expect.any(LlmuxError) }]);
  });

  it('passes an early return on to the stream it made', async () => {
    const log: string[] = [];
    const stream = deferStream(async () => source([start, text('a'), text('b')], log));
    for await (const event of stream) if (event.type === 'text-delta') break;
    expect(log).toEqual(['source closed']);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  it('a return while opening waits for it, then closes what it made', async () => {
    const log: string[] = [];
    let open!: () => void;
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    const stream = deferStream(async () => {
      await opened;
      return source([start, text('a')], log);
    });
    const read = stream.next();
    const returned = stream.return();
    open();
    expect((await read).value).toEqual(start);
    expect(await returned).toEqual({ done: true, value: undefined });
    expect(log).toEqual(['source closed']);
  });

  it('`throw` ends the stream as `return` does, then rejects with what was thrown', async () => {
    const log: string[] = [];
    const stream = deferStream(() => source([start, text('a')], log));
    await stream.next();
    await expect(stream.throw(new Error('stop'))).rejects.toThrow('stop');
    expect(log).toEqual(['source closed']);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  it('hands out at once what the stream it made holds, once made and until closed', async () => {
    const { stream: source } = readySource([start, text('a'), finish]);
    const stream = deferStream(async () => ({ [Symbol.asyncIterator]: () => source }));
    expect(stream.nextReady()).toBeUndefined();
    expect((await stream.next()).value).toEqual(start);
    expect(stream.nextReady()).toEqual({ done: false, value: text('a') });
    await stream.return();
    expect(stream.nextReady()).toBeUndefined();
  });
});
