import type { ServerResponse } from 'node:http';

/**
 * Server-sent events on one response, with backpressure: a slow reader slows the stream.
 *
 * The events written in one turn of the event loop (all those of one read from upstream) go out
 * as one write at the end of the turn, as Node's own corking would send them, but as one chunk of
 * the body rather than one each: a chunk costs Node four socket writes and the kernel four
 * buffers. A write returns a promise only when the client is behind, so the common write costs
 * no await.
 */
export class SseWriter {
  /** What was written this turn, to go out at its end. */
  private pending = '';

  constructor(private readonly res: ServerResponse) {}

  open(headers: Record<string, string>): void {
    this.res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      ...headers,
    });
  }

  /** Whether the client is still there to read. */
  get writable(): boolean {
    return !this.res.destroyed && !this.res.writableEnded;
  }

  data(value: unknown): Promise<void> | undefined {
    return this.json(JSON.stringify(value));
  }

  /** A `data:` event of JSON already made. */
  json(text: string): Promise<void> | undefined {
    return this.send(`data: ${text}\n\n`);
  }

  /** A named event (`event: <name>` then its data), as Anthropic and the Responses API stream. */
  event(name: string, value: unknown): Promise<void> | undefined {
    return this.send(`event: ${name}\ndata: ${JSON.stringify(value)}\n\n`);
  }

  /** The few named events one event of the stack makes, each by its `type`. */
  events(list: ReadonlyArray<{ type: string }>): Promise<void> | undefined {
    let behind: Promise<void> | undefined;
    for (const event of list) behind = this.event(event.type, event);
    return behind;
  }

  /** OpenAI's end of stream: `data: [DONE]`. */
  done(): void {
    if (this.writable) this.res.end(this.taken() + 'data: [DONE]\n\n');
  }

  /** Ends the stream after an error chunk (no `[DONE]`, as OpenAI does), or Anthropic's stream. */
  end(): void {
    if (this.writable) this.res.end(this.taken());
  }

  /** Queues `text` for the end of this turn; a promise when the client has not read the last. */
  private send(text: string): Promise<void> | undefined {
    if (!this.writable) return undefined;
    if (this.pending === '') process.nextTick(this.flush);
    this.pending += text;
    return this.res.writableNeedDrain ? this.drained() : undefined;
  }

  private readonly flush = (): void => {
    const text = this.taken();
    if (text !== '' && this.writable) this.res.write(text);
  };

  private taken(): string {
    const text = this.pending;
    this.pending = '';
    return text;
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const settle = () => {
        this.res.off('drain', settle);
        this.res.off('close', settle);
        resolve();
      };
      this.res.on('drain', settle);
      this.res.on('close', settle);
    });
  }
}
