import { raceAbort } from './abortable.js';
import { LlmuxError } from './errors.js';
import { passStream } from './pass-stream.js';
import { DONE, nextReady, type PassedStream, type ReadyStream } from './ready-stream.js';
import type { StreamEvent } from './stream-event.js';

export interface StreamGuardOptions {
  provider: string;
  model: string;
  /** The caller's signal: its abort ends the stream at once, as its own error. */
  signal?: AbortSignal;
  /** The adapter's error mapping, for anything the source throws and for the abort reason. */
  mapError(error: unknown): LlmuxError;
}

/** The error for a provider stream that stopped before `what` (its last event, say). */
export const streamEndedError = (
  where: { provider: string; model: string },
  what: string,
): LlmuxError =>
  new LlmuxError({
    kind: 'server_error',
    message: `The ${where.provider} stream ended before ${what}`,
    provider: where.provider,
    model: where.model,
  });

/**
 * Holds an adapter's stream to the `LanguageModel.stream` contract. Events pass through up to the
 * first `finish` or `error`; whatever the source throws becomes one `error` event; the caller's
 * abort ends the stream at once, even while a chunk is awaited (leaving closes the source, which
 * frees its connection); and a source that stops without a `finish` or `error` ends with an
 * `error`, never silently. Once the signal aborted, the error is the abort's (SDKs end their
 * streams quietly on an abort).
 */
export function guardStream(
  source: AsyncIterable<StreamEvent>,
  options: StreamGuardOptions,
): PassedStream {
  const { signal } = options;
  const iterator = source[Symbol.asyncIterator]();
  const reads: ReadyStream = signal
    ? {
        next: () => raceAbort(iterator.next(), signal),
        // Once aborted, `next` tells the caller.
        nextReady: () => (signal.aborted ? undefined : nextReady(iterator)),
        return: () => Promise.resolve(iterator.return?.() ?? DONE),
      }
    : iterator;
  return passStream(reads, {
    end() {
      throw streamEndedError(options, 'it finished');
    },
    fail: (error) => ({
      type: 'error',
      error: options.mapError(signal?.aborted ? signal.reason : error),
    }),
  });
}
