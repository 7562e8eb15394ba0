import { type AttemptRecord, LlmuxError } from '@llmux/core';

/** The same error, carrying the attempts made before it (its own, if any, after them). */
export function withAttempts(error: LlmuxError, before: AttemptRecord[]): LlmuxError {
  const { kind, message, retryable, retryAfterMs, status, provider, model } = error;
  return new LlmuxError({
    ...{ kind, message, retryable, retryAfterMs, status, provider, model },
    attempts: [...before, ...(error.attempts ?? [])],
    cause: error,
  });
}
