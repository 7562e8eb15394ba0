import type { AdmissionHooks, LlmuxError } from '@llmux/core';
import type { AbortScope } from './abort-scope.js';

export interface AttemptTimer {
  /** Passed down in the call's request, for a layer below that may hold the call in its line. */
  admission: AdmissionHooks;
  /** The call has answered (or failed): the timer stops, and hooks called later do nothing. */
  stop(): void;
}

/**
 * The timer of one call (`attemptMs`, or `firstTokenMs` for a stream), started at once. While a
 * layer below holds the call back (a rate limiter's line) the timer stops: that wait is not the
 * provider's, and charging it to the provider would time out, and open the circuit of, a
 * provider that never saw the call. Once admitted, the call gets its full time afresh. The
 * request's deadline, on the parent scope, runs on throughout.
 */
export function startAttemptTimer(
  scope: AbortScope,
  ms: number,
  expired: () => LlmuxError,
): AttemptTimer {
  let running = true;
  scope.timeout(ms, expired);
  return {
    admission: {
      waiting: () => {
        if (running) scope.clearTimeout();
      },
      admitted: () => {
        if (running) scope.timeout(ms, expired);
      },
    },
    stop: () => {
      running = false;
      scope.clearTimeout();
    },
  };
}
