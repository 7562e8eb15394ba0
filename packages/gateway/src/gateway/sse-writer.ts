import type { ServerResponse } from 'node:http';

/** Server-sent events on one response, with backpressure: a slow reader slows the stream. */
export class SseWriter {
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

  async data(value: unknown): Promise<void> {
    if (!this.writable) return;
    if (!this.res.write(`data: ${JSON.stringify(value)}\n\n`)) await this.drained();
  }

  /** A named event (`event: <name>` then its data), as Anthropic and the Responses API stream. */
  async event(name: string, value: unknown): Promise<void> {
    if (!this.writable) return;
    if (!this.res.write(`event: ${name}\ndata: ${JSON.stringify(value)}\n\n`)) await this.drained();
  }

  /** OpenAI's end of stream: `data: [DONE]`. */
  done(): void {
    if (this.writable) this.res.end('data: [DONE]\n\n');
  }

  /** Ends the stream after an error chunk (no `[DONE]`, as OpenAI does), or Anthropic's stream. */
  end(): void {
    if (this.writable) this.res.end();
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
