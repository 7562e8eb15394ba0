import { deploymentField, type Headroom, type HealthSnapshot } from '@llmux/core';
import type { Candidate, Deployment, HealthPolicy } from './compiled-config.js';
import { formatMs, formatPercent } from './format.js';

/**
 * Why a candidate is unhealthy under the policy, or undefined when it is not (or nothing is
 * known). A circuit that is not closed is failover's call: open means unhealthy until it is
 * old enough to be probed; half-open means a probe is allowed, so it stays in place.
 */
export function unhealthyReason(
  snapshot: HealthSnapshot | undefined,
  policy: HealthPolicy,
  now: number,
): string | undefined {
  if (!snapshot) return undefined;
  const { circuit, samples, failures, latencyMs } = snapshot;
  if (circuit.state === 'open') {
    return now - circuit.since < policy.probeAfterMs ? 'circuit open' : undefined;
  }
  if (circuit.state === 'half-open') return undefined;
  if (samples >= policy.minSamples && failures / samples >= policy.maxErrorRate) {
    return `error rate ${formatPercent(failures / samples)} (${failures}/${samples})`;
  }
  if (
    policy.maxLatencyMs !== undefined &&
    latencyMs !== undefined &&
    latencyMs > policy.maxLatencyMs
  ) {
    return `latency ${formatMs(latencyMs)} > ${formatMs(policy.maxLatencyMs)}`;
  }
  return undefined;
}

/** Share (0 to 1) of the tighter of the request and token allowances left; 1 when unlimited. */
export const headroomShare = (headroom: Headroom): number =>
  Math.min(headroom.requests ?? 1, headroom.tokens ?? 1);

/** `requests 4% left` or `tokens 0% left`: the tighter allowance. */
export const describeHeadroom = (headroom: Headroom): string =>
  (headroom.tokens ?? 1) < (headroom.requests ?? 1)
    ? `tokens ${formatPercent(headroom.tokens!)} left`
    : `requests ${formatPercent(headroom.requests ?? 1)} left`;

/** Why a candidate cannot take a call now, by its rate limits, or undefined when it can. */
export function busyReason(
  headroom: Headroom | undefined,
  minHeadroom: number,
  now: number,
): string | undefined {
  if (!headroom) return undefined;
  if (headroom.pausedUntil !== undefined && headroom.pausedUntil > now) {
    return `rate limited for ${formatMs(headroom.pausedUntil - now)}`;
  }
  const limited = headroom.requests !== undefined || headroom.tokens !== undefined;
  if (limited && headroomShare(headroom) <= minHeadroom) return describeHeadroom(headroom);
  return undefined;
}

/** `openai/gpt-5`, or `openai/gpt-5 via openai-eu:gpt-5` for one of several deployments. */
export function deploymentLabel(candidate: Candidate, deployment: Deployment): string {
  const { deployment: named } = deploymentField(candidate.provider, candidate.model, deployment.id);
  return named === undefined ? candidate.id : `${candidate.id} via ${named}`;
}

/**
 * How busy a deployment is, lower is freer: calls in flight dominate, and the rate-limit headroom
 * left (0 to 1) breaks ties between equal counts.
 */
export const busyScore = (headroom: Headroom): number =>
  (headroom.inFlight ?? 0) * 2 - headroomShare(headroom);
