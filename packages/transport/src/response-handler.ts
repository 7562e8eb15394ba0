import type { Dispatcher } from 'undici';

/** Statuses whose response has no body, whatever the server sent (Fetch standard). */
const nullBodyStatus = new Set([101, 103, 204, 205, 304]);

/** Buffered before the body's reader is asked for more: then the socket is paused. */
const bodyHighWaterMark = 64 * 1024;

/** Where the response of one request goes, and what ends it early. */
export interface ResponseTarget {
  url: string;
  method: string;
  signal: AbortSignal | undefined;
  resolve(response: Response): void;
  reject(error: unknown): void;
}

/**
 * Turns one dispatch into a fetch `Response`: resolves at the headers with a body stream that
 * undici fills (pausing the socket while the reader lags), and fails the way fetch fails:
 * `TypeError('fetch failed')` before the headers, `TypeError('terminated')` in the body, each
 * with undici's error as `cause`, and the signal's reason once the signal aborted.
 */
export class ResponseHandler implements Dispatcher.DispatchHandler {
  #target: ResponseTarget;
  #controller: Dispatcher.DispatchController | undefined;
  #body: ReadableStreamDefaultController<Uint8Array> | undefined;
  #settled = false;
  #done = false;
  /** The body's chunks from one read of the socket, enqueued together once it is parsed. */
  #pending: Buffer[] = [];

  constructor(target: ResponseTarget) {
    this.#target = target;
    target.signal?.addEventListener('abort', this, { once: true });
  }

  /** The signal's abort listener (an object listener: no closure per request). */
  handleEvent(): void {
    const reason = this.#target.signal?.reason;
    if (this.#controller) this.#controller.abort(reason);
    else this.#fail(reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#target.signal?.aborted) controller.abort(this.#target.signal.reason);
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
    statusMessage?: string,
  ): void {
    const responseHeaders = new Headers();
    for (const name of Object.keys(headers)) {
      const value = headers[name];
      if (Array.isArray(value)) for (const each of value) responseHeaders.append(name, each);
      else if (value !== undefined) responseHeaders.append(name, value);
    }
    const hasBody = !nullBodyStatus.has(statusCode) && this.#target.method !== 'HEAD';
    const body = hasBody
      ? new ReadableStream<Uint8Array>(
          {
            start: (streamController) => {
              this.#body = streamController;
            },
            pull: () => controller.resume(),
            cancel: (reason) => {
              if (!this.#done) controller.abort(reason ?? new Error('The body was cancelled'));
            },
          },
          { highWaterMark: bodyHighWaterMark, size: (chunk) => chunk.byteLength },
        )
      : null;
    const response = new Response(body, {
      status: statusCode,
      statusText: statusMessage ?? '',
      headers: responseHeaders,
    });
    Object.defineProperty(response, 'url', { value: this.#target.url });
    this.#settled = true;
    this.#target.resolve(response);
  }

  /**
   * A read of the socket often brings many chunks of the body (a server-sent event each, say):
   * they reach the reader as one, which then wakes once for them rather than once each.
   */
  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (!this.#body) return;
    if (this.#pending.push(chunk) === 1) queueMicrotask(this.#flush);
  }

  onResponseEnd(): void {
    this.#flush();
    this.#finish();
    this.#body?.close();
  }

  readonly #flush = (): void => {
    const body = this.#body;
    const pending = this.#pending;
    if (!body || pending.length === 0) return;
    this.#pending = [];
    try {
      body.enqueue(pending.length === 1 ? pending[0]! : Buffer.concat(pending));
    } catch {
      return; // The reader cancelled the body meanwhile.
    }
    if ((body.desiredSize ?? 0) <= 0) this.#controller?.pause();
  };

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    const signal = this.#target.signal;
    const reason = signal?.aborted ? signal.reason : undefined;
    if (!this.#settled) {
      this.#fail(reason ?? new TypeError('fetch failed', { cause: error }));
      return;
    }
    this.#finish();
    try {
      this.#body?.error(reason ?? new TypeError('terminated', { cause: error }));
    } catch {
      // The reader cancelled the body: nobody is left to tell.
    }
  }

  #fail(error: unknown): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#finish();
    this.#target.reject(error);
  }

  #finish(): void {
    if (this.#done) return;
    this.#done = true;
    this.#target.signal?.removeEventListener('abort', this);
  }
}
