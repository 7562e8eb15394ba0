import { type Clock, startTimer } from '@llmux/core';

export interface CallDeadline {
  /** The caller's signal, joined by the deadline's when there is one. */
  signal: AbortSignal | undefined;
  /** The response has come: the deadline no longer applies. */
  settled(): void;
}

/**
 * The provider's `timeoutMs` for one call, on the clock: unless `settled()` comes first, its
 * signal aborts with a `TimeoutError` (which core maps to `timeout`, not `cancelled`). Like the
 * other SDKs' timeouts it bounds the wait for a response, not the reading of a stream.
 */
export function callDeadline(
  clock: Clock,
  timeoutMs: number | undefined,
  signal: AbortSignal | undefined,
): CallDeadline {
  if (timeoutMs === undefined) return { signal, settled: () => {} };
  const deadline = new AbortController();
  const settled = startTimer(clock, timeoutMs, () =>
    deadline.abort(new DOMException(`No response within ${timeoutMs} ms`, 'TimeoutError')),
  );
  return {
    signal: signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal,
    settled,
  };
}
