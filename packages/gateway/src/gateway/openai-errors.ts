import type { ErrorKind } from '@llmux/core';
import { type ErrorOutcome, type ErrorReply, errorOutcome } from './error-outcome.js';

export interface OpenAIErrorBody {
  error: {
    message: string;
    type: string;
    param: string | null;
    code: string;
    /** Every call made, for `all_attempts_failed`: where, and how it failed (no messages). */
    llmux_attempts?: ErrorOutcome['attempts'];
  };
}

/** OpenAI's `error.type` for each kind of failure of the stack. */
const typeByKind: Record<ErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  context_length_exceeded: 'invalid_request_error',
  content_filtered: 'invalid_request_error',
  not_found: 'not_found_error',
  permission: 'permission_error',
  authentication: 'upstream_error',
  rate_limited: 'rate_limit_error',
  budget_exceeded: 'insufficient_quota',
  overloaded: 'service_unavailable',
  timeout: 'timeout_error',
  server_error: 'upstream_error',
  network: 'upstream_error',
  cancelled: 'cancelled',
  all_attempts_failed: 'upstream_error',
};

const typeOf = (outcome: ErrorOutcome): string => {
  if (outcome.source === 'bug') return 'server_error';
  if (outcome.source === 'gateway') {
    return outcome.status === 401 ? 'authentication_error' : 'invalid_request_error';
  }
  return typeByKind[outcome.kind];
};

/**
 * Any failure as an OpenAI-style error: the right status, `{ error: { message, type, param,
 * code } }`, and `retry-after` when known (see `errorOutcome`).
 */
export function toErrorReply(
  error: unknown,
  scrub: (text: string) => string,
): ErrorReply<OpenAIErrorBody> {
  const outcome = errorOutcome(error, scrub);
  return {
    status: outcome.status,
    headers: outcome.headers,
    body: {
      error: {
        message: outcome.message,
        type: typeOf(outcome),
        param: outcome.param,
        code: outcome.code,
        ...(outcome.attempts && { llmux_attempts: outcome.attempts }),
      },
    },
  };
}
