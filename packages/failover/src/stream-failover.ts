import {
  type AttemptRecord,
  cancelledError,
  type GenerateRequest,
  isContentEvent,
  LlmuxError,
  nextReady,
  passStream,
  type ReadyStream,
  type StreamEvent,
  type Trace,
  toLlmuxError,
} from '@llmux/core';
import type { AbortScope } from './abort-scope.js';
import { startAttemptTimer } from './attempt-timer.js';
import type { PlanCandidate, Win } from './execute-plan.js';
import { withAttempts } from './final-error.js';
import { timeoutError } from './timeouts.js';

/** A stream that has produced content: nothing has reached the caller yet. */
export interface OpenStream {
  /** Held back until the stream wins: its `start`, then the first content (or `finish`). */
  head: StreamEvent[];
  iterator: AsyncIterator<StreamEvent>;
}

/** Ends an abandoned stream without waiting for it or letting its failure escape. */
export const closeIterator = (iterator: AsyncIterator<StreamEvent>): void => {
  Promise.resolve(iterator.return?.()).catch(() => {});
};

const endedEarly = (candidate: PlanCandidate, what: string) =>
  new LlmuxError({
    kind: 'server_error',
    message: `${candidate.key}: the stream ended ${what}`,
    provider: candidate.provider,
    model: candidate.model,
  });

/**
 * Opens a streamed call and reads it up to its first content event, within `firstTokenMs` (not
 * counting a wait in a rate limiter's line below). Up to there a failure costs the caller nothing
 * (the `start` event is held back), so it can fail over.
 */
export async function openStream(
  candidate: PlanCandidate,
  request: GenerateRequest,
  scope: AbortScope,
  firstTokenMs: number,
): Promise<OpenStream> {
  const timer = startAttemptTimer(scope, firstTokenMs, () =>
    timeoutError('no first token', firstTokenMs, candidate),
  );
  const iterator = candidate.target
    .stream({ ...request, signal: scope.signal, admission: timer.admission })
    [Symbol.asyncIterator]();
  const head: StreamEvent[] = [];
  try {
    for (;;) {
      const next = await scope.race(iterator.next());
      if (next.done) throw endedEarly(candidate, 'before any content');
      const event = next.value;
      if (event.type === 'error') throw event.error;
      head.push(event);
      if (isContentEvent(event) || event.type === 'finish') return { head, iterator };
    }
  } catch (error) {
    closeIterator(iterator);
    throw error;
  } finally {
    timer.stop();
  }
}

/**
 * Passes the winning stream on to the caller. From here a failure cannot fail over (the caller has
 * content), so it ends the stream with a typed `error` event, never a silent end: an upstream
 * error, a stream that stops without `finish`, more than `idleMs` without an event, a cancel or
 * the deadline. The idle timer runs only while waiting on the provider, not on a slow reader.
 * `closed` runs once the stream is over.
 */
export function followStream(
  won: Win<OpenStream>,
  idleMs: number,
  traceOf: (trace: Trace, attempts: AttemptRecord[]) => Trace,
  closed: () => void,
): AsyncIterable<StreamEvent> {
  const { candidate, scope } = won;
  const { head, iterator } = won.value;
  const idle = () => timeoutError('no stream event', idleMs, candidate);
  let ended = false;
  // Closing is `failed`'s and `close`'s to do: a caller that stops reading aborts first.
  const reads: ReadyStream = {
    next() {
      const event = head.shift();
      if (event) return Promise.resolve({ done: false, value: event });
      scope.timeout(idleMs, idle);
      return scope.race(iterator.next());
    },
    // An event at hand needs no waiting, nor an idle timer; once aborted, `next` tells the caller.
    nextReady() {
      if (scope.aborted) return undefined;
      const event = head.shift();
      return event ? { done: false, value: event } : nextReady(iterator);
    },
  };
  const failed = async (thrown: unknown): Promise<StreamEvent> => {
    const { provider, model } = candidate;
    const error = scope.reason ?? toLlmuxError(thrown, { provider, model });
    ended = true;
    closeIterator(iterator);
    const attempts = await won.finish(error);
    return { type: 'error', error: withAttempts(error, attempts) };
  };
  return passStream(reads, {
    event(event) {
      scope.clearTimeout();
      if (event.type === 'error') return failed(event.error);
      if (event.type !== 'finish') return event;
      ended = true;
      return won.finish().then((attempts) => ({ ...event, trace: traceOf(event.trace, attempts) }));
    },
    end() {
      throw endedEarly(candidate, 'without a finish event');
    },
    fail: failed,
    async close() {
      try {
        if (!ended) {
          // The caller stopped reading: cancel the call it no longer wants.
          const reason = cancelledError(undefined, candidate.provider);
          scope.abort(reason);
          closeIterator(iterator);
          await won.finish(reason);
        }
      } finally {
        closed();
      }
    },
  });
}
