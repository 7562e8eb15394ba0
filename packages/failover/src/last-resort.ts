import type { Refusal } from './circuit-breaker.js';

/**
 * Which of the candidates a request passed over for their circuits it tries anyway, once every
 * other candidate has failed: all but `floor(planSize * maxOpenShare)` of them, least bad first
 * (the lowest share of failures in the window, then the soonest to let a probe through). As
 * Envoy never ejects more than a set share of hosts, a plan is never refused for its circuits
 * alone while `maxOpenShare` is below 1: an open circuit may hide the best of a bad lot.
 */
export function lastResorts<P extends Pick<Refusal, 'failureRate' | 'retryAfterMs'>>(
  passedOver: P[],
  planSize: number,
  maxOpenShare: number,
): P[] {
  const count = passedOver.length - Math.floor(planSize * maxOpenShare);
  if (count <= 0) return [];
  return [...passedOver]
    .sort((a, b) => a.failureRate - b.failureRate || (a.retryAfterMs ?? 0) - (b.retryAfterMs ?? 0))
    .slice(0, count);
}
