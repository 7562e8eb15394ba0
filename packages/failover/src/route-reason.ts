import type { AttemptRecord, RoutePlan } from '@llmux/core';

/**
 * The route's reason as it turned out: the plan's own when its first candidate answered, else
 * the plan's followed by who answered in its place, so a response never names a model that failed
 * as its route.
 */
export function answeredReason(route: RoutePlan, attempts: AttemptRecord[]): string {
  const answered = attempts.findLast((a) => a.outcome === 'success');
  const first = route.candidates[0];
  if (!answered || !first) return route.reason;
  if (answered.provider === first.provider && answered.model === first.model) return route.reason;
  const failed = [
    ...new Set(
      attempts
        .filter((a) => a.outcome === 'error')
        .map((a) => `${a.provider}/${a.model} ${a.errorKind ?? 'error'}`),
    ),
  ];
  const after = failed.length > 0 ? ` after ${failed.join(', ')}` : '';
  return `${route.reason}; answered by ${answered.provider}/${answered.model}${after}`;
}
