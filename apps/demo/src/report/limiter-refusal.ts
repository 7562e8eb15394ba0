import type { AttemptRecord } from '@llmux/core';
import type { LoggedRecord } from './parse-record-line.js';

/** The kinds of error llmux's own limiter refuses with: the tenant's rate limits and budgets. */
const limitKinds = new Set<string>(['rate_limited', 'budget_exceeded']);

/**
 * Whether an attempt was refused by llmux's own limiter rather than failed by the provider. A
 * provider's 429 reaches the log with its HTTP status; the limiter refuses before any call, so
 * its refusals have none. (The breaker ignores them too: they say nothing of the provider.)
 */
export const isLimiterRefusal = (attempt: AttemptRecord): boolean =>
  attempt.outcome === 'error' &&
  attempt.errorKind !== undefined &&
  limitKinds.has(attempt.errorKind) &&
  attempt.status === undefined;

/**
 * Whether a failed request was refused by llmux's own limits, with no provider failing it: a
 * limit error whose attempts (if any) were all refusals, or, in logs written before such
 * requests failed with the limiter's own error, `all_attempts_failed` over refusals alone.
 */
export function refusedByLimiter(record: LoggedRecord): boolean {
  const kind = record.error_kind;
  if (kind === null) return false;
  const allRefused = record.attempt_log.every(isLimiterRefusal);
  if (limitKinds.has(kind)) return allRefused;
  return kind === 'all_attempts_failed' && record.attempt_log.length > 0 && allRefused;
}
