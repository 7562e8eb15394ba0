import { type AttemptRecord, LlmuxError } from '@llmux/core';
import type { CandidateRef } from './batch-item.js';
import type { JobContext } from './job-context.js';
import type { JobWork } from './job-work.js';
import { withAttempts } from './with-attempts.js';

/** What deciding where an item goes takes of a job's context. */
export type MoveOnContext = Pick<JobContext, 'providers' | 'live' | 'failoverOn'>;

/** The error of an item no candidate is left for, carrying every attempt it made. */
function exhausted(error: LlmuxError, attempts: AttemptRecord[]): LlmuxError {
  if (attempts.length <= 1) return withAttempts(error, attempts);
  return new LlmuxError({
    kind: 'all_attempts_failed',
    message: `Every candidate failed; the last: ${error.message}`,
    attempts,
    retryAfterMs: error.retryAfterMs,
    cause: error,
  });
}

/** The first candidate from `from` on that has a batch API. */
export function batchCandidate(
  candidates: CandidateRef[],
  from: number,
  providers: ReadonlySet<string>,
): number | undefined {
  for (let at = from; at < candidates.length; at++) {
    if (providers.has(candidates[at]!.provider)) return at;
  }
  return undefined;
}

/**
 * After a failure at its candidate, an item goes to its next candidate with a batch API, or
 * live, or fails: with its own error when that is not one to move on from (an invalid request;
 * `always` moves on whatever the error: the batch failed as a whole, or never answered it), else
 * with `all_attempts_failed` listing every attempt. Either error carries the attempts.
 */
export function moveOn(
  work: JobWork,
  index: number,
  error: LlmuxError,
  context: MoveOnContext,
  always = false,
): void {
  const item = work.item(index);
  if (!always && !context.failoverOn.has(error.kind)) {
    work.fail(index, withAttempts(error, item.attempts));
    return;
  }
  const next = batchCandidate(item.candidates, item.at + 1, context.providers);
  if (next !== undefined) work.move(index, next, error.kind);
  else if (context.live !== undefined) work.move(index, 'live', error.kind);
  else work.fail(index, exhausted(error, item.attempts));
}
