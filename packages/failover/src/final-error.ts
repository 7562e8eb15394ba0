import { type AttemptRecord, deploymentOf, LlmuxError } from '@llmux/core';

/** The same error, carrying the attempts that led to it. */
export const withAttempts = (error: LlmuxError, attempts: AttemptRecord[]): LlmuxError =>
  new LlmuxError({
    kind: error.kind,
    message: error.message,
    retryable: error.retryable,
    retryAfterMs: error.retryAfterMs,
    status: error.status,
    provider: error.provider,
    model: error.model,
    attempts: [...attempts],
    cause: error,
  });

export interface Failures {
  attempts: AttemptRecord[];
  /** Candidates passed over without a call, with why (`anthropic:claude-x: circuit open`). */
  skipped: string[];
  /** The error of the last call, if any call was made. */
  lastError?: LlmuxError;
  /** The soonest any provider or circuit said it may answer again. */
  retryAfterMs?: number;
}

const summary = (attempts: AttemptRecord[]): string[] => {
  const counts = new Map<string, number>();
  for (const a of attempts) {
    const key = `${deploymentOf(a)} ${a.errorKind ?? a.outcome}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, n]) => (n > 1 ? `${key} ×${n}` : key));
};

/** The one error for a request that every candidate failed. */
export const allAttemptsFailed = (failures: Failures): LlmuxError => {
  const { attempts, skipped, lastError, retryAfterMs } = failures;
  const parts = [...summary(attempts), ...skipped];
  return new LlmuxError({
    kind: 'all_attempts_failed',
    message: `All attempts failed: ${parts.join(', ')}`,
    // Worth coming back when some provider said when, or the last failure was a passing one.
    retryable: retryAfterMs !== undefined || (lastError?.retryable ?? false),
    retryAfterMs,
    attempts: [...attempts],
    cause: lastError,
  });
};
