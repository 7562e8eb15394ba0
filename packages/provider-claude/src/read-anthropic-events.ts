import { APIError } from '@anthropic-ai/sdk';
import type { ErrorType } from '@anthropic-ai/sdk/resources/shared';
import type { RawMessageStreamEvent } from './anthropic-types.js';
import { createSseDecoder, type ServerSentEvent } from './sse-decoder.js';

type Read = IteratorResult<RawMessageStreamEvent, undefined>;

const DONE: Read = Object.freeze({ done: true, value: undefined });

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
 * The events of a streamed Messages API response, read from its body as the SDK's `Stream` reads
 * them (pings and unnamed events skipped, an `error` event thrown as the SDK's `APIError`, a read
 * cut by an abort ending quietly), without the SDK's three async generators a chunk: the events
 * of one read of the body are cut at once and handed out one by one.
 */
export function readAnthropicEvents(
  response: Response,
): Required<AsyncIterableIterator<RawMessageStreamEvent, undefined>> {
  return new AnthropicEvents(response);
}

class AnthropicEvents implements Required<AsyncIterableIterator<RawMessageStreamEvent, undefined>> {
  private readonly decoder = createSseDecoder();
  private reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  /** The events of the last read, and the next one to hand out. */
  private pending: ServerSentEvent[] = [];
  private at = 0;
  private ended = false;

  constructor(private readonly response: Response) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<Read> {
    try {
      for (;;) {
        while (this.at < this.pending.length) {
          const event = this.parse(this.pending[this.at++]!);
          if (event) return { done: false, value: event };
        }
        if (this.ended) return DONE;
        await this.read();
      }
    } catch (error) {
      this.close();
      throw error;
    }
  }

  async return(): Promise<Read> {
    this.close();
    return DONE;
  }

  /** Ends the read as `return` does, then rejects with `error`. */
  async throw(error: unknown): Promise<Read> {
    this.close();
    throw error;
  }

  private async read(): Promise<void> {
    if (!this.reader) {
      if (!this.response.body) throw new Error('Attempted to iterate over a response with no body');
      this.reader = this.response.body.getReader();
    }
    let read: Awaited<ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']>>;
    try {
      read = await this.reader.read();
    } catch (error) {
      // The SDK ends quietly when the request is aborted; the caller knows its own signal.
      if (!isAbortError(error)) throw error;
      this.ended = true;
      this.pending = [];
      return;
    }
    this.at = 0;
    if (read.done) {
      this.ended = true;
      this.pending = this.decoder.end();
    } else {
      this.pending = this.decoder.push(read.value);
    }
  }

  /** An event to hand out, or undefined for one the SDK skips; an `error` event throws. */
  private parse({ event, data }: ServerSentEvent): RawMessageStreamEvent | undefined {
    if (event === 'ping' || event === null) return undefined;
    if (event === 'error') {
      const body = jsonOrText(data) as { error?: { type?: ErrorType } } | undefined;
      throw new APIError(undefined, body, undefined, this.response.headers, body?.error?.type);
    }
    if (!data) return undefined;
    return JSON.parse(data) as RawMessageStreamEvent;
  }

  /** Stops reading: a body read to its end has nothing to give back, any other frees its connection. */
  private close(): void {
    const unfinished = !this.ended;
    this.ended = true;
    this.pending = [];
    if (!unfinished) return;
    const cancelled = this.reader ? this.reader.cancel() : this.response.body?.cancel();
    cancelled?.catch(ignore);
  }
}
