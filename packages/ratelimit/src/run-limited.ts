import { type FinishedCall, markLocalRefusal, type RateLimitInfo, toLlmuxError } from '@llmux/core';
import type { Limiter } from './limiter.js';
import type { LimitedRequest } from './rate-limit-options.js';
import type { Reservation } from './reservation.js';

/** What the limiter learns from an answer: its usage and cost, and the provider's headers. */
export interface LimitedAnswer {
  finished: FinishedCall;
  rateLimits?: RateLimitInfo;
}

// Failover must not count a refusal of this layer against the provider's health.
const localRefusal = (error: unknown, target: { provider: string; model: string }) =>
  markLocalRefusal(toLlmuxError(error, target));

/** Reserves for a call; a refusal is marked as the limiter's own, not the provider's. */
export const acquireFor = <R extends LimitedRequest>(
  limiter: Limiter<R>,
  request: R,
  target: { provider: string; model: string },
) =>
  limiter.acquire(request).catch((error: unknown) => {
    throw localRefusal(error, target);
  });

/**
 * One call that answers at once, behind the limits: reserves (or waits, or refuses with an error
 * marked as the limiter's own), calls, then settles to what the answer used and adapts to its
 * headers; a failed call gives back what it held and adapts to the error.
 */
export async function runLimited<R extends LimitedRequest, V>(
  limiter: Limiter<R>,
  request: R,
  target: { provider: string; model: string },
  call: () => Promise<V>,
  answered: (value: V) => LimitedAnswer,
): Promise<V> {
  // `acquireFor` inline: one promise less on every call.
  let reservation: Reservation;
  try {
    reservation = await limiter.acquire(request);
  } catch (error) {
    throw localRefusal(error, target);
  }
  let value: V;
  try {
    value = await call();
  } catch (error) {
    await reservation.release();
    await limiter.sawError(error, request);
    throw toLlmuxError(error, target);
  }
  const { finished, rateLimits } = answered(value);
  await reservation.settle(finished);
  await limiter.sawHeaders(rateLimits, request);
  return value;
}
