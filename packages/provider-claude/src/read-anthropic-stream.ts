import { APIError } from '@anthropic-ai/sdk';
import type { ErrorType } from '@anthropic-ai/sdk/resources/shared';
import type { RawMessageStreamEvent } from './anthropic-types.js';
import { createSseDecoder, type ServerSentEvent } from './sse-decoder.js';

/** A streamed call that answered, and what its events become. */
export interface AnthropicStreamReading<T> {
  response: Response;
  /** What one event of the Messages API becomes: no item, one or several. */
  map(event: RawMessageStreamEvent): readonly T[];
  /** What the end of the body adds; throws when the stream stopped short. */
  end(): readonly T[];
}

type Read<T> = IteratorResult<T, undefined>;

const ignore = () => {};

/** Whether a read failed because its request was aborted, as the SDK tells. */
const isAbortError = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as Error).name === 'AbortError';

/** The JSON of `data`, or the text itself when it is not JSON (or is `null`). */
const jsonOrText = (data: string): unknown => {
  try {
    return JSON.parse(data) ?? data;
  } catch {
    return data;
  }
};

/**
 * A streamed Messages API answer as the items `open` maps its events to. `open` makes the call on
 * the first read, as an async generator's body would run then. The body is read as the SDK's
 * `Stream` reads it (pings and unnamed events skipped, an `error` event thrown as the SDK's
 * `APIError`, a read cut by an abort taken as the end), without its three async generators a
 * chunk: the events of one read are cut and mapped at once, then handed out one by one, at once
 * to `nextReady`. Leaving early cancels the body, which frees its connection.
 */
export function readAnthropicStream<T>(open: () => Promise<AnthropicStreamReading<T>>): Required<
  AsyncIterableIterator<T, undefined>
> & {
  nextReady(): IteratorYieldResult<T> | undefined;
} {
  return new AnthropicStream(open);
}

class AnthropicStream<T> implements Required<AsyncIterableIterator<T, undefined>> {
  private readonly decoder = createSseDecoder();
  private reading: AnthropicStreamReading<T> | undefined;
  private reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  /** The items of the last read, and the next one to hand out. */
  private items: T[] = [];
  private at = 0;
  /** The body was read to its end: there is nothing to cancel. */
  private ended = false;
  /** The caller stopped reading. */
  private closed = false;
  /** What failed in the last read, thrown once the items before it are handed out. */
  private failure: { error: unknown } | undefined;

  constructor(private readonly open: () => Promise<AnthropicStreamReading<T>>) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<Read<T>> {
    try {
      while (this.at === this.items.length) {
        if (this.failure) throw this.failure.error;
        if (this.ended || this.closed) return { done: true, value: undefined };
        await this.read();
      }
      return { done: false, value: this.items[this.at++]! };
    } catch (error) {
      this.close();
      throw error;
    }
  }

  /** The next item of the last read, if any is left: no need to wait (see core's `ReadyStream`). */
  nextReady(): IteratorYieldResult<T> | undefined {
    return this.at < this.items.length ? { done: false, value: this.items[this.at++]! } : undefined;
  }

  async return(): Promise<Read<T>> {
    this.close();
    return { done: true, value: undefined };
  }

  /** Ends the read as `return` does, then rejects with `error`. */
  async throw(error: unknown): Promise<Read<T>> {
    this.close();
    throw error;
  }

  /** Reads the body once more (making the call first), and maps what it brought. */
  private async read(): Promise<void> {
    this.reading ??= await this.open();
    const { response } = this.reading;
    if (this.closed) return this.close(); // left while the call was made
    if (!this.reader) {
      if (!response.body) throw new Error('Attempted to iterate over a response with no body');
      this.reader = response.body.getReader();
    }
    let read: Awaited<ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']>>;
    try {
      read = await this.reader.read();
    } catch (error) {
      // The SDK ends quietly when the request is aborted; the caller knows its own signal.
      if (!isAbortError(error)) throw error;
      return this.take([], true);
    }
    if (read.done) this.take(this.decoder.end(), true);
    else this.take(this.decoder.push(read.value), false);
  }

  /**
   * Maps the events of one read, then, at the end of the body, what the end adds. What fails on
   * the way waits until the items before it are handed out, as it would in a generator.
   */
  private take(events: ServerSentEvent[], last: boolean): void {
    const { map, end } = this.reading!;
    const items: T[] = [];
    this.items = items;
    this.at = 0;
    if (last) this.ended = true;
    try {
      for (const event of events) {
        const raw = this.parse(event);
        if (raw) for (const item of map(raw)) items.push(item);
      }
      if (last) for (const item of end()) items.push(item);
    } catch (error) {
      this.failure = { error };
    }
  }

  /** An event to map, or undefined for one the SDK skips; an `error` event throws. */
  private parse({ event, data }: ServerSentEvent): RawMessageStreamEvent | undefined {
    if (event === 'ping' || event === null) return undefined;
    if (event === 'error') {
      const body = jsonOrText(data) as { error?: { type?: ErrorType } } | undefined;
      throw new APIError(
        undefined,
        body,
        undefined,
        this.reading!.response.headers,
        body?.error?.type,
      );
    }
    if (!data) return undefined;
    return JSON.parse(data) as RawMessageStreamEvent;
  }

  /** Stops reading: a body not read to its end is cancelled. */
  private close(): void {
    this.closed = true;
    this.failure = undefined;
    this.items = [];
    this.at = 0;
    if (this.ended || !this.reading) return;
    this.ended = true;
    const cancelled = this.reader ? this.reader.cancel() : this.reading.response.body?.cancel();
    cancelled?.catch(ignore);
  }
}
