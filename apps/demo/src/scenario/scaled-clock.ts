import { type Clock, LlmuxError, systemClock } from '@llmux/core';

/** Epoch milliseconds with sub-millisecond resolution, so a sped-up clock stays smooth. */
const preciseClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  sleep: systemClock.sleep,
};

/**
 * A clock that runs `speed` times faster than `base`: a sleep of 2 s takes 2 s / speed, and
 * `now()` moves `speed` ms per real ms. The simulators and the stack share it, so latencies,
 * retry-after, rate-limit windows and breaker cool-downs all keep their real proportions while
 * the scenario runs in a fraction of the time, and every latency it reports is in scenario time.
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
