import type { Clock } from './clock.js';
import { isContentEvent, type StreamEvent } from './stream-event.js';

/** The timing fields of a response and of a stream's `finish` event. */
export interface CallTiming {
  latencyMs: number;
  /** Only once a stream has shown content: a plain call has no first token to time. */
  timeToFirstTokenMs?: number;
}

/** Times one provider call, from the moment it is started. */
export interface CallTimer {
  /** Notes an event on its way out: the first content event (text or a tool call) is the first token. */
  observe(event: StreamEvent): void;
  /** The latency so far, and the time to the first token if one was observed. */
  timing(): CallTiming;
}

/** Starts timing a call on the injected clock. */
export function startCallTimer(clock: Clock): CallTimer {
  const startedAt = clock.now();
  let firstTokenAt: number | undefined;
  return {
    observe(event) {
      if (firstTokenAt === undefined && isContentEvent(event)) firstTokenAt = clock.now();
    },
    timing() {
      const latencyMs = clock.now() - startedAt;
      return firstTokenAt === undefined
        ? { latencyMs }
        : { latencyMs, timeToFirstTokenMs: firstTokenAt - startedAt };
    },
  };
}
