import type { StreamEvent } from './stream-event.js';
import { emptyUsage } from './usage.js';

/** Events and a reader for the tests of stream helpers. */
export const start: StreamEvent = {
  type: 'start',
  id: 'r1',
  provider: 'acme',
  model: 'm',
  warnings: [],
};

export const text = (delta: string): StreamEvent => ({ type: 'text-delta', delta });

export const finish: StreamEvent = {
  type: 'finish',
  finishReason: { unified: 'stop' },
  usage: { ...emptyUsage(), inputTokens: 1, outputTokens: 1 },
  costUsd: 0,
  latencyMs: 1,
  trace: { attempts: [] },
};

/** Every event of a stream, read to its end. */
export const drain = async (stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> => {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
};

/**
 * A source that holds all of `list` at hand, as one read from upstream brings many events: each
 * comes from `nextReady` as well as from `next`. Its `log` tells when it was closed.
 */
export function readySource(list: StreamEvent[]) {
  const log: string[] = [];
  let at = 0;
  const take = (): IteratorYieldResult<StreamEvent> | undefined =>
    at < list.length ? { done: false, value: list[at++]! } : undefined;
  const stream = {
    next: async (): Promise<IteratorResult<StreamEvent, undefined>> =>
      take() ?? { done: true, value: undefined },
    nextReady: take,
    return: async (): Promise<IteratorResult<StreamEvent, undefined>> => {
      log.push('source closed');
      return { done: true, value: undefined };
    },
  };
  return { stream, log };
}
