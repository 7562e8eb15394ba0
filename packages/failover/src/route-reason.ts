import { type AttemptRecord, deploymentOf, type RoutePlan } from '@llmux/core';

/** `openai/gpt-5`, or `openai/gpt-5 via openai-b:gpt-5` for one of several deployments. */
const nameOf = (a: { provider: string; model: string; deployment?: string }) =>
  `${a.provider}/${a.model}${a.deployment === undefined ? '' : ` via ${a.deployment}`}`;

/**
 * The route's reason as it turned out: the plan's own when its first candidate answered, else
 * the plan's followed by who answered in its place, so a response never names a model that failed
 * as its route.
 */
export function answeredReason(route: RoutePlan, attempts: AttemptRecord[]): string {
  const answered = attempts.findLast((a) => a.outcome === 'success');
  const first = route.candidates[0];
  if (!answered || !first) return route.reason;
  if (deploymentOf(answered) === deploymentOf(first)) return route.reason;
  const failed = [
    ...new Set(
      attempts
        .filter((a) => a.outcome === 'error')
        .map((a) => `${nameOf(a)} ${a.errorKind ?? 'error'}`),
    ),
  ];
  const after = failed.length > 0 ? ` after ${failed.join(', ')}` : '';
  return `${route.reason}; answered by ${nameOf(answered)}${after}`;
}
