import { LlmuxError, type StreamEvent } from '@llmux/core';

/**
 * The stack stream's first event, read before any header is sent: a stream that fails before it
 * starts (every provider down) throws here, so it is answered with a plain error status like a
 * call that was not streamed.
 */
export async function firstEvent(events: AsyncIterator<StreamEvent>): Promise<StreamEvent> {
  const first = await events.next();
  if (first.done) {
    throw new LlmuxError({ kind: 'server_error', message: 'The stream ended before it began' });
  }
  if (first.value.type === 'error') throw first.value.error;
  return first.value;
}
