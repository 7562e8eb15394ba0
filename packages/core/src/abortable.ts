/**
 * The rejections waiting on each signal: one abort listener per signal rather than one added and
 * removed per race, which a stream pays for every chunk.
 */
const waiting = new WeakMap<AbortSignal, Set<(reason: unknown) => void>>();

function waitersOf(signal: AbortSignal): Set<(reason: unknown) => void> {
  const known = waiting.get(signal);
  if (known) return known;
  const waiters = new Set<(reason: unknown) => void>();
  const abort = () => {
    for (const reject of waiters) reject(signal.reason);
    waiters.clear();
  };
  signal.addEventListener('abort', abort, { once: true });
  waiting.set(signal, waiters);
  return waiters;
}

/** Settles like the promise, or rejects with the signal's reason the moment it aborts. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  const waiters = waitersOf(signal);
  return new Promise<T>((resolve, reject) => {
    waiters.add(reject);
    promise.then(
      (value) => {
        waiters.delete(reject);
        resolve(value);
      },
      (error: unknown) => {
        waiters.delete(reject);
        reject(error);
      },
    );
  });
}

/**
 * Iterates, but stops the moment the signal aborts, even while a chunk is awaited, rather than
 * whenever the source notices. Leaving closes the source.
 */
export async function* abortableIterate<T>(
  source: AsyncIterable<T>,
  signal: AbortSignal | undefined,
): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await raceAbort(iterator.next(), signal);
      if (next.done) return;
      yield next.value;
    }
  } finally {
    iterator.return?.().catch(() => {
      // The source was already broken; its error has been reported.
    });
  }
}
