import type { ServerResponse } from 'node:http';
import { LlmuxError, nextReady, type StreamEvent, type Warning } from '@llmux/core';
import { headerSafe, warningsHeader, warningText } from './llmux-summary.js';

type Event<T extends StreamEvent['type']> = Extract<StreamEvent, { type: T }>;
export type StartEvent = Event<'start'>;
export type FinishEvent = Event<'finish'>;
/** The events that carry the answer itself. */
export type ContentEvent = Exclude<StreamEvent, StartEvent | FinishEvent | Event<'error'>>;

/**
 * How one API writes the stack's stream: its headers, events and error shape. A write returns a
 * promise only when the client is behind (see `SseWriter`): the relay awaits nothing else.
 */
export interface StreamDialect {
  /**
   * Sends the headers and the opening events for the stream's first event (never an error);
   * true when that event was the start, so nothing more is to be made of it.
   */
  begin(first: StreamEvent): Promise<boolean>;
  content(event: ContentEvent): Promise<void> | undefined;
  finish(event: FinishEvent): Promise<void> | undefined;
  /** Ends the stream on a failure, in the API's error shape. */
  fail(error: unknown): Promise<void> | undefined;
}

/** The headers of a stream that began: its request id, who answers, and the warnings. */
export const startHeaders = (requestId: string, start: StartEvent, warnings: Warning[]) => ({
  'x-request-id': requestId,
  'x-llmux-provider': start.provider,
  'x-llmux-model': headerSafe(start.model),
  ...warningsHeader(warnings.map(warningText)),
});

/**
 * The stack stream's first event, read before any header is sent: a stream that fails before it
 * starts (every provider down) throws here, so it is answered with a plain error status like a
 * call that was not streamed.
 */
async function firstEvent(events: AsyncIterator<StreamEvent>): Promise<StreamEvent> {
  const first = await events.next();
  if (first.done) {
    throw new LlmuxError({ kind: 'server_error', message: 'The stream ended before it began' });
  }
  if (first.value.type === 'error') throw first.value.error;
  return first.value;
}

/**
 * Relays the stack's stream to `res` in `dialect`: says whether it finished or ended on a
 * failure. Throws what fails before the headers are sent (the route answers it as a plain
 * error); a failure after them is written as the dialect's error.
 */
export async function relayStream(
  res: ServerResponse,
  stream: AsyncIterable<StreamEvent>,
  dialect: StreamDialect,
): Promise<'finished' | 'failed'> {
  const events = stream[Symbol.asyncIterator]();
  try {
    const first = await firstEvent(events);
    let next: IteratorResult<StreamEvent> = (await dialect.begin(first))
      ? await events.next()
      : { done: false, value: first };
    // The events one read from upstream brought are at hand: they go out without a wait each.
    for (; !next.done; next = nextReady(events) ?? (await events.next())) {
      const event = next.value;
      switch (event.type) {
        case 'start':
          break;
        case 'finish':
          await dialect.finish(event);
          return 'finished';
        case 'error':
          await dialect.fail(event.error);
          return 'failed';
        default: {
          const behind = dialect.content(event);
          if (behind) await behind;
        }
      }
    }
    await dialect.fail(
      new LlmuxError({ kind: 'server_error', message: 'The stream ended without finishing' }),
    );
    return 'failed';
  } catch (error) {
    // Streams end in an error event rather than throw; should one throw once begun, say so.
    if (!res.headersSent) throw error;
    await dialect.fail(error);
    return 'failed';
  } finally {
    // Ends the stack's stream before the response: its request record is written first, and a
    // client that left mid-stream is recorded as a cancellation.
    await events.return?.();
  }
}
