import { type Clock, systemClock } from './clock.js';
import { LlmuxError } from './errors.js';

/** Epoch milliseconds with sub-millisecond resolution, so a sped-up clock stays smooth. */
const preciseClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  sleep: systemClock.sleep,
};

/**
 * A clock that runs `speed` times faster than `base`: a sleep of 2 s takes 2 s / speed, and
 * `now()` moves `speed` ms per real ms. Give it to the simulators and every layer, and latencies,
 * retry-after, rate-limit windows and breaker cool-downs keep their real proportions while a
 * scenario or a chaos test runs in a fraction of the time, reporting latencies in its own time.
 */
export function scaledClock(speed: number, base: Clock = preciseClock): Clock {
  if (!(Number.isFinite(speed) && speed > 0)) {
    throw new LlmuxError({
      kind: 'invalid_request',
      message: `Clock speed must be a finite number > 0, got ${speed}`,
    });
  }
  const origin = base.now();
  return {
    now: () => origin + (base.now() - origin) * speed,
    sleep: (ms, signal) => base.sleep(ms / speed, signal),
  };
}
