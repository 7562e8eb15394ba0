import { describe, expect, it } from 'vitest';
import { LlmuxError } from './errors.js';
import { passStream, type StreamStage } from './pass-stream.js';
import type { StreamEvent } from './stream-event.js';
import { drain, finish, readySource, start, text } from './stream-test-events.js';

const cut = new LlmuxError({ kind: 'network', message: 'cut' });

const never = <T>() => new Promise<T>(() => {});

/** A source that records what happens to it: what it yields, whether it was closed. */
function source(list: StreamEvent[], then?: () => unknown) {
  const log: string[] = [];
  async function* events() {
    try {
      yield* list;
      if (then) throw then();
    } finally {
      log.push('source closed');
    }
  }
  return { events: events(), log };
}

/** A stage that logs its `close`, with the hooks given. */
const logged = (log: string[], stage: StreamStage = {}): StreamStage => ({
  ...stage,
  close(early) {
    log.push(early ? 'closed early' : 'closed');
  },
});

describe('passStream', () => {
  it('passes each event through the hook, synchronous or not', async () => {
    const { events, log } = source([start, text('a'), text('b'), finish]);
    const stream = passStream(
      events,
      logged(log, {
        event: (event) =>
          event.type === 'text-delta'
            ? { ...event, delta: event.delta.toUpperCase() }
            : Promise.resolve(event),
      }),
    );
    expect(await drain(stream)).toEqual([start, text('A'), text('B'), finish]);
    expect(log).toEqual(['source closed', 'closed']);
  });

  it('ends after the first finish or error, closing the source once the caller reads on', async () => {
    const { events, log } = source([start, { type: 'error', error: cut }, text('after')]);
    const stream = passStream(events, logged(log));
    expect((await stream.next()).value).toEqual(start);
    expect((await stream.next()).value).toEqual({ type: 'error', error: cut });
    expect(log).toEqual([]);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
    expect(log).toEqual(['source closed', 'closed']);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
    expect(log).toEqual(['source closed', 'closed']);
  });

  it('a source that stops early ends quietly, or as `end` fails it', async () => {
    const quiet = source([start]);
    expect(await drain(passStream(quiet.events, logged(quiet.log)))).toEqual([start]);
    expect(quiet.log).toEqual(['source closed', 'closed']);

    const failing = source([start]);
    const stream = passStream(failing.events, {
      end() {
        throw cut;
      },
      fail: (error) => ({ type: 'error', error: error as LlmuxError }),
    });
    expect(await drain(stream)).toEqual([start, { type: 'error', error: cut }]);
  });

  it('turns what the source throws into the event `fail` gives, closing after it', async () => {
    const { events, log } = source([start], () => new Error('boom'));
    const seen: unknown[] = [];
    const stream = passStream(
      events,
      logged(log, {
        fail: async (error) => {
          seen.push(error);
          return { type: 'error', error: cut };
        },
      }),
    );
    expect(await drain(stream)).toEqual([start, { type: 'error', error: cut }]);
    expect(seen).toEqual([new Error('boom')]);
    expect(log).toEqual(['source closed', 'closed']);
  });

  it('without `fail`, or when it throws, rejects the read after closing', async () => {
    const plain = source([start], () => new Error('boom'));
    const stream = passStream(plain.events, logged(plain.log));
    await stream.next();
    await expect(stream.next()).rejects.toThrow('boom');
    expect(plain.log).toEqual(['source closed', 'closed']);
    expect(await stream.next()).toEqual({ done: true, value: undefined });

    const rethrown = source([start], () => new Error('boom'));
    const again = passStream(rethrown.events, {
      fail() {
        throw new Error('rethrown');
      },
    });
    await again.next();
    await expect(again.next()).rejects.toThrow('rethrown');
  });

  it('a hook that throws fails the stream as the source would', async () => {
    const { events, log } = source([start, text('a'), finish]);
    const stream = passStream(
      events,
      logged(log, {
        event(event) {
          if (event.type === 'text-delta') throw new Error('bad hook');
          return event;
        },
        fail: (error) =>
          Promise.resolve({
            type: 'error',
            error: new LlmuxError({ kind: 'server_error', message: String(error) }),
          }),
      }),
    );
    const passed = await drain(stream);
    expect(passed.map((e) => e.type)).toEqual(['start', 'error']);
    expect(log).toEqual(['source closed', 'closed']);
  });

  it('closes the source and tells `close` it was early when the caller returns', async () => {
    const { events, log } = source([start, text('a'), finish]);
    const stream = passStream(events, logged(log));
    for await (const event of stream) if (event.type === 'text-delta') break;
    expect(log).toEqual(['source closed', 'closed early']);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  it('a caller that returns right after the last event stopped no earlier than the stream', async () => {
    const { events, log } = source([start, finish]);
    const stream = passStream(events, logged(log));
    for await (const event of stream) if (event.type === 'finish') break;
    expect(log).toEqual(['source closed', 'closed']);
  });

  it('`throw` ends the stream as `return` does, then rejects with what was thrown', async () => {
    const { events, log } = source([start, text('a'), finish]);
    const stream = passStream(events, logged(log));
    await stream.next();
    await expect(stream.throw(new Error('stop'))).rejects.toThrow('stop');
    expect(log).toEqual(['source closed', 'closed early']);
  });

  it('a return while a read is under way waits for it, as an async generator does', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { events, log } = source([start, text('a'), finish]);
    const stream = passStream(
      events,
      logged(log, {
        event: async (event) => {
          if (event.type === 'start') await gate;
          return event;
        },
      }),
    );
    const read = stream.next();
    const returned = stream.return();
    release();
    expect((await read).value).toEqual(start);
    expect(await returned).toEqual({ done: true, value: undefined });
    expect(log).toEqual(['source closed', 'closed early']);
  });

  it('does not wait on closing a source whose read failed and may still be pending', async () => {
    const log: string[] = [];
    const controller = new AbortController();
    const aborted = new Promise<never>((_, reject) =>
      controller.signal.addEventListener('abort', () => reject(new Error('aborted'))),
    );
    const stream = passStream(
      {
        next: () => Promise.race([never<IteratorResult<StreamEvent>>(), aborted]),
        return: () => {
          log.push('asked to close');
          return never();
        },
      },
      logged(log, { fail: () => ({ type: 'error', error: cut }) }),
    );
    const read = stream.next();
    controller.abort();
    expect((await read).value).toEqual({ type: 'error', error: cut });
    expect(await stream.next()).toEqual({ done: true, value: undefined });
    expect(log).toEqual(['asked to close', 'closed']);
  });
});

describe('passStream: nextReady', () => {
  it('hands out at once what the source holds, through a hook that passes it at once', () => {
    const { stream: source } = readySource([start, text('a'), finish]);
    const stream = passStream(source, {
      event: (event) => (event.type === 'text-delta' ? text(event.delta.toUpperCase()) : event),
    });
    expect(stream.nextReady()).toEqual({ done: false, value: start });
    expect(stream.nextReady()).toEqual({ done: false, value: text('A') });
    expect(stream.nextReady()).toEqual({ done: false, value: finish });
    // After the last event, only `next` ends the stream (and closes the source).
    expect(stream.nextReady()).toBeUndefined();
  });

  it('holds an event whose hook waits or throws, for `next` to pass or fail', async () => {
    const { stream: source, log } = readySource([start, text('a'), text('b'), finish]);
    const stream = passStream(
      source,
      logged(log, {
        event(event) {
          if (event.type === 'start') return Promise.resolve(event);
          if (event.type === 'text-delta' && event.delta === 'b') throw new Error('bad hook');
          return event;
        },
        fail: () => ({ type: 'error', error: cut }),
      }),
    );
    expect(stream.nextReady()).toBeUndefined();
    expect(stream.nextReady()).toBeUndefined();
    expect((await stream.next()).value).toEqual(start);
    expect(stream.nextReady()).toEqual({ done: false, value: text('a') });
    expect(stream.nextReady()).toBeUndefined();
    expect((await stream.next()).value).toEqual({ type: 'error', error: cut });
    expect(await stream.next()).toEqual({ done: true, value: undefined });
    expect(log).toEqual(['source closed', 'closed']);
  });

  it('rejects the read of a held event whose hook threw, without `fail`, then ends', async () => {
    const { stream: source, log } = readySource([start, text('a'), finish]);
    const stream = passStream(
      source,
      logged(log, {
        event(event) {
          if (event.type === 'text-delta') throw new Error('bad hook');
          return event;
        },
      }),
    );
    expect(stream.nextReady()).toEqual({ done: false, value: start });
    expect(stream.nextReady()).toBeUndefined();
    await expect(stream.next()).rejects.toThrow('bad hook');
    expect(await stream.next()).toEqual({ done: true, value: undefined });
    expect(log).toEqual(['source closed', 'closed']);
  });

  it('has nothing at once while a read is under way, nor from a source that cannot tell', async () => {
    const { stream: source } = readySource([start, finish]);
    const stream = passStream(source, {});
    const read = stream.next();
    expect(stream.nextReady()).toBeUndefined();
    expect((await read).value).toEqual(start);
    expect(passStream({ next: source.next }, {}).nextReady()).toBeUndefined();
  });

  it('passes a held event before a return ends the stream', async () => {
    const { stream: source, log } = readySource([start, text('a'), finish]);
    const seen: StreamEvent[] = [];
    const stream = passStream(
      source,
      logged(log, {
        event: async (event) => {
          seen.push(event);
          return event;
        },
      }),
    );
    expect(stream.nextReady()).toBeUndefined();
    await stream.return();
    expect(seen).toEqual([start]);
    expect(log).toEqual(['source closed', 'closed early']);
  });
});
