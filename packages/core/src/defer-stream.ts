import { toLlmuxError } from './errors.js';
import { DONE, nextReady, type PassedStream, type StreamRead } from './ready-stream.js';
import type { StreamEvent } from './stream-event.js';

/**
 * A stream that `open` makes on the first read, as an async generator's body runs then, and may
 * wait for (a rate limit, a plan): from there every call goes straight to the stream it made, at
 * no cost per chunk. What `open` throws becomes the stream's one `error` event. A stream closed
 * before its first read never opens.
 */
export function deferStream(
  open: () => AsyncIterable<StreamEvent> | Promise<AsyncIterable<StreamEvent>>,
): PassedStream {
  return new DeferredStream(open);
}

class DeferredStream implements PassedStream {
  private source: AsyncIterator<StreamEvent> | undefined;
  /** The first read while `open` is under way: a call meanwhile waits for it. */
  private opening: Promise<StreamRead> | undefined;
  private closed = false;

  constructor(
    private readonly open: () => AsyncIterable<StreamEvent> | Promise<AsyncIterable<StreamEvent>>,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<StreamRead> {
    if (this.closed) return Promise.resolve(DONE);
    if (this.source) return this.source.next();
    if (this.opening) return this.afterOpening(() => this.next());
    let opened: AsyncIterable<StreamEvent> | Promise<AsyncIterable<StreamEvent>>;
    try {
      opened = this.open();
    } catch (error) {
      return this.failed(error);
    }
    if (!(opened instanceof Promise)) return this.read(opened);
    this.opening = opened.then(
      (stream) => {
        this.opening = undefined;
        return this.read(stream);
      },
      (error: unknown) => {
        this.opening = undefined;
        return this.failed(error);
      },
    );
    return this.opening;
  }

  nextReady(): IteratorYieldResult<StreamEvent> | undefined {
    return this.source && !this.closed ? nextReady(this.source) : undefined;
  }

  return(): Promise<StreamRead> {
    if (this.opening) return this.afterOpening(() => this.return());
    if (this.closed) return Promise.resolve(DONE);
    this.closed = true;
    return this.source?.return ? this.source.return() : Promise.resolve(DONE);
  }

  /** Ends the stream as `return` does, then rejects with `error`. */
  throw(error: unknown): Promise<StreamRead> {
    return this.return().then(() => Promise.reject(error));
  }

  private afterOpening(call: () => Promise<StreamRead>): Promise<StreamRead> {
    return this.opening!.then(call, call);
  }

  private read(stream: AsyncIterable<StreamEvent>): Promise<StreamRead> {
    this.source = stream[Symbol.asyncIterator]();
    return this.source.next();
  }

  private failed(error: unknown): Promise<StreamRead> {
    this.closed = true;
    return Promise.resolve({ done: false, value: { type: 'error', error: toLlmuxError(error) } });
  }
}
