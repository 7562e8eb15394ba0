import { describe, expect, it } from 'vitest';
import { LlmuxError, toLlmuxError } from './errors.js';
import { guardStream, type StreamGuardOptions, streamEndedError } from './guard-stream.js';
import type { StreamEvent } from './stream-event.js';
import { drain, finish, readySource, start, text } from './stream-test-events.js';

const options = (extra: Partial<StreamGuardOptions> = {}): StreamGuardOptions => ({
  provider: 'acme',
  model: 'm',
  mapError: (error) => toLlmuxError(error, { provider: 'acme' }),
  ...extra,
});

async function* events(list: StreamEvent[], then?: () => unknown) {
  yield* list;
  if (then) throw then();
}

describe('guardStream', () => {
  it('passes a finished stream through as it is', async () => {
    const list = [start, text('Hi'), finish];
    expect(await drain(guardStream(events(list), options()))).toEqual(list);
  });

  it('stops at the first finish or error and closes the source', async () => {
    let closed = false;
    async function* source() {
      try {
        yield start;
        yield finish;
        yield text('after the end');
      } finally {
        closed = true;
      }
    }
    expect(await drain(guardStream(source(), options()))).toEqual([start, finish]);
    expect(closed).toBe(true);
  });

  it('turns a throw into one error event through the adapter mapping', async () => {
    const seen: unknown[] = [];
    const mapped = new LlmuxError({ kind: 'network', message: 'cut' });
    const result = await drain(
      guardStream(
        events([start, text('par')], () => new TypeError('terminated')),
        options({
          mapError: (error) => {
            seen.push(error);
            return mapped;
          },
        }),
      ),
    );
    expect(result).toEqual([start, text('par'), { type: 'error', error: mapped }]);
    expect(seen).toEqual([new TypeError('terminated')]);
  });

  it('never ends silently: a source that stops early ends with a server error', async () => {
    const result = await drain(guardStream(events([start, text('par')]), options()));
    expect(result.at(-1)).toEqual({
      type: 'error',
      error: expect.objectContaining({
        kind: 'server_error',
        retryable: true,
        message: 'The acme stream ended before it finished',
        provider: 'acme',
        model: 'm',
      }),
    });
  });

  it('ends at once when the signal aborts while a chunk is awaited, and closes the source', async () => {
    const controller = new AbortController();
    let closed = false;
    let release: () => void = () => {};
    async function* source() {
      try {
        yield start;
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        yield text('too late');
      } finally {
        closed = true;
      }
    }
    const seen: unknown[] = [];
    const result: StreamEvent[] = [];
    for await (const event of guardStream(
      source(),
      options({
        signal: controller.signal,
        mapError: (error) => {
          seen.push(error);
          return new LlmuxError({ kind: 'cancelled', message: 'cancelled' });
        },
      }),
    )) {
      result.push(event);
      controller.abort(new Error('stop'));
    }
    expect(result.map((e) => e.type)).toEqual(['start', 'error']);
    expect(seen).toEqual([new Error('stop')]);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(true);
  });

  it("maps the abort reason, not the source's own error, once the signal aborted", async () => {
    const controller = new AbortController();
    const reason = new DOMException('timed out', 'TimeoutError');
    async function* source() {
      yield start;
      controller.abort(reason);
      throw streamEndedError({ provider: 'acme', model: 'm' }, 'its last chunk');
    }
    const seen: unknown[] = [];
    await drain(
      guardStream(
        source(),
        options({
          signal: controller.signal,
          mapError: (error) => {
            seen.push(error);
            return toLlmuxError(error);
          },
        }),
      ),
    );
    expect(seen).toEqual([reason]);
  });

  it('is one error event for a signal that aborted before the call', async () => {
    const result = await drain(
      guardStream(events([start, finish]), options({ signal: AbortSignal.abort() })),
    );
    expect(result).toEqual([{ type: 'error', error: expect.any(LlmuxError) }]);
  });
});

describe('streamEndedError', () => {
  it('is a retryable server error saying what never came', () => {
    expect(streamEndedError({ provider: 'acme', model: 'm' }, 'its usage chunk')).toMatchObject({
      kind: 'server_error',
      retryable: true,
      message: 'The acme stream ended before its usage chunk',
    });
  });

  it('hands out at once what its source holds, until the signal aborts', async () => {
    const { stream: source } = readySource([start, text('a'), text('b'), finish]);
    const controller = new AbortController();
    const stream = guardStream(
      { [Symbol.asyncIterator]: () => source },
      options({ signal: controller.signal }),
    );
    expect(stream.nextReady()).toEqual({ done: false, value: start });
    expect(stream.nextReady()).toEqual({ done: false, value: text('a') });
    controller.abort(new LlmuxError({ kind: 'cancelled', message: 'gone' }));
    expect(stream.nextReady()).toBeUndefined();
    expect((await stream.next()).value).toMatchObject({
      type: 'error',
      error: { kind: 'cancelled', message: 'gone' },
    });
  });
});
