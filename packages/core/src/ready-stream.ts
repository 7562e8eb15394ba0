import type { StreamEvent } from './stream-event.js';

/**
 * A stream of events that can hand out an event it holds already, without a turn of the event
 * loop, so the events of one read from upstream cross every layer in one go. `nextReady()` gives
 * that event, or undefined when the next must be read with `next()` (it may wait, end or fail).
 * Ask it only while no `next()` is under way.
 */
export interface ReadyStream extends AsyncIterator<StreamEvent, undefined> {
  nextReady?(): IteratorYieldResult<StreamEvent> | undefined;
}

/** A `ReadyStream` with every async iterator method, as `passStream` and `deferStream` give. */
export type PassedStream = Required<AsyncIterableIterator<StreamEvent, undefined> & ReadyStream>;

/** The event `stream` holds already, when it can hand one out at once. */
export const nextReady = (
  stream: AsyncIterator<StreamEvent>,
): IteratorYieldResult<StreamEvent> | undefined => (stream as ReadyStream).nextReady?.();

/** One read of a stream of events. */
export type StreamRead = IteratorResult<StreamEvent, undefined>;

/** The read of a stream that has ended, shared: it is never changed. */
export const DONE: StreamRead = Object.freeze({ done: true, value: undefined });
