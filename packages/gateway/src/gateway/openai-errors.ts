import { type ErrorKind, LlmuxError } from '@llmux/core';
import { RequestFieldError } from './request-field-error.js';

export interface OpenAIErrorBody {
  error: {
    message: string;
    type: string;
    param: string | null;
    code: string;
    /** Every call made, for `all_attempts_failed`: where, and how it failed (no messages). */
    llmux_attempts?: Array<{
      provider: string;
      model: string;
      error_kind?: string;
      status?: number;
    }>;
  };
}

export interface ErrorReply {
  status: number;
  headers: Record<string, string>;
  body: OpenAIErrorBody;
}

/** How a failure of the stack is told to an OpenAI client. */
const byKind: Record<ErrorKind, { status: number; type: string }> = {
  invalid_request: { status: 400, type: 'invalid_request_error' },
  context_length_exceeded: { status: 400, type: 'invalid_request_error' },
  content_filtered: { status: 400, type: 'invalid_request_error' },
  not_found: { status: 404, type: 'not_found_error' },
  permission: { status: 403, type: 'permission_error' },
  // The gateway's own key check answers 401; this is a provider refusing our key.
  authentication: { status: 502, type: 'upstream_error' },
  rate_limited: { status: 429, type: 'rate_limit_error' },
  // 402, not 429: a client that retries rate limits should not retry a spent budget.
  budget_exceeded: { status: 402, type: 'insufficient_quota' },
  overloaded: { status: 503, type: 'service_unavailable' },
  timeout: { status: 504, type: 'timeout_error' },
  server_error: { status: 502, type: 'upstream_error' },
  network: { status: 502, type: 'upstream_error' },
  cancelled: { status: 499, type: 'cancelled' },
  all_attempts_failed: { status: 502, type: 'upstream_error' },
};

/** OpenAI's error types of the gateway's own refusals, by status; any other is a bad request. */
const requestErrorTypes: Record<number, string> = {
  401: 'authentication_error',
  403: 'permission_error',
};

const capacityKinds = new Set<ErrorKind | undefined>(['rate_limited', 'overloaded']);

/**
 * Every call refused for rate limits (the tenant's, or every provider's) is the client's 429;
 * every provider out of capacity, or skipped by an open circuit, a 503; anything else a 502.
 */
function allFailed(error: LlmuxError): { status: number; type: string; code: string } {
  const kinds = new Set((error.attempts ?? []).map((a) => a.errorKind));
  if (kinds.size === 1 && kinds.has('rate_limited')) {
    return { status: 429, type: 'rate_limit_error', code: 'rate_limited' };
  }
  const status = [...kinds].every((kind) => capacityKinds.has(kind)) ? 503 : 502;
  return { status, type: byKind[error.kind].type, code: error.kind };
}

const retryHeaders = (ms: number | undefined): Record<string, string> =>
  ms === undefined
    ? {}
    : { 'retry-after': String(Math.ceil(ms / 1000)), 'retry-after-ms': String(Math.ceil(ms)) };

/**
 * Any failure as an OpenAI-style error: the right status, `{ error: { message, type, param,
 * code } }`, and `retry-after` when known. Messages pass through `scrub` (no secret leaves), and
 * an error that is not an `LlmuxError` is a bug: a 500 that says nothing of it.
 */
export function toErrorReply(error: unknown, scrub: (text: string) => string): ErrorReply {
  if (error instanceof RequestFieldError) {
    return {
      status: error.status,
      headers: {},
      body: {
        error: {
          message: scrub(error.message),
          type: requestErrorTypes[error.status] ?? 'invalid_request_error',
          param: error.param,
          code: error.code,
        },
      },
    };
  }
  if (!LlmuxError.isInstance(error)) {
    return {
      status: 500,
      headers: {},
      body: {
        error: {
          message: 'Internal error',
          type: 'server_error',
          param: null,
          code: 'internal_error',
        },
      },
    };
  }
  const { status, type, code } =
    error.kind === 'all_attempts_failed'
      ? allFailed(error)
      : {
          ...byKind[error.kind],
          code: error.kind === 'content_filtered' ? 'content_filter' : error.kind,
        };
  return {
    status,
    headers: retryHeaders(error.retryAfterMs),
    body: {
      error: {
        message: scrub(error.message),
        type,
        param: null,
        code,
        ...(error.attempts && {
          llmux_attempts: error.attempts.map((a) => ({
            provider: a.provider,
            model: a.model,
            error_kind: a.errorKind,
            status: a.status,
          })),
        }),
      },
    },
  };
}
