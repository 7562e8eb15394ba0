import { type ErrorKind, LlmuxError } from '@llmux/core';
import { RequestFieldError } from './request-field-error.js';

/**
 * What a failure means for the client, whatever API dialect tells it: the HTTP status, the kind
 * of failure, a code, a scrubbed message and the field at fault. Each dialect (`openai-errors`,
 * `anthropic-errors`) only shapes the body from it.
 */
export interface ErrorOutcome {
  status: number;
  /** Who failed: the gateway refusing the request, the stack, or the gateway itself (a bug). */
  source: 'gateway' | 'stack' | 'bug';
  /** The failure's kind; for every attempt rate limited, `rate_limited`. */
  kind: ErrorKind;
  code: string;
  message: string;
  param: string | null;
  /** `retry-after` (seconds) and `retry-after-ms`, when known. */
  headers: Record<string, string>;
  /** Every call made, for `all_attempts_failed`: where, and how it failed (no messages). */
  attempts?: Array<{ provider: string; model: string; error_kind?: string; status?: number }>;
}

/** The status of each kind of failure of the stack. */
const statusByKind: Record<ErrorKind, number> = {
  invalid_request: 400,
  context_length_exceeded: 400,
  content_filtered: 400,
  not_found: 404,
  permission: 403,
  // The gateway's own key check answers 401; this is a provider refusing our key.
  authentication: 502,
  rate_limited: 429,
  // 402, not 429: a client that retries rate limits should not retry a spent budget.
  budget_exceeded: 402,
  overloaded: 503,
  timeout: 504,
  server_error: 502,
  network: 502,
  cancelled: 499,
  all_attempts_failed: 502,
};

const capacityKinds = new Set<ErrorKind | undefined>(['rate_limited', 'overloaded']);

/**
 * Every call refused for rate limits (the tenant's, or every provider's) is the client's 429;
 * every provider out of capacity, or skipped by an open circuit, a 503; anything else a 502.
 */
function allFailed(error: LlmuxError): Pick<ErrorOutcome, 'status' | 'kind' | 'code'> {
  const kinds = new Set((error.attempts ?? []).map((a) => a.errorKind));
  if (kinds.size === 1 && kinds.has('rate_limited')) {
    return { status: 429, kind: 'rate_limited', code: 'rate_limited' };
  }
  const status = [...kinds].every((kind) => capacityKinds.has(kind)) ? 503 : 502;
  return { status, kind: error.kind, code: error.kind };
}

const retryHeaders = (ms: number | undefined): Record<string, string> =>
  ms === undefined
    ? {}
    : { 'retry-after': String(Math.ceil(ms / 1000)), 'retry-after-ms': String(Math.ceil(ms)) };

/**
 * Reads any failure. Messages pass through `scrub` (no secret leaves), and an error that is not
 * an `LlmuxError` is a bug: a 500 that says nothing of it.
 */
export function errorOutcome(error: unknown, scrub: (text: string) => string): ErrorOutcome {
  if (error instanceof RequestFieldError) {
    return {
      status: error.status,
      source: 'gateway',
      kind: error.kind,
      code: error.code,
      message: scrub(error.message),
      param: error.param,
      headers: {},
    };
  }
  if (!LlmuxError.isInstance(error)) {
    return {
      status: 500,
      source: 'bug',
      kind: 'server_error',
      code: 'internal_error',
      message: 'Internal error',
      param: null,
      headers: {},
    };
  }
  const classified =
    error.kind === 'all_attempts_failed'
      ? allFailed(error)
      : {
          status: statusByKind[error.kind],
          kind: error.kind,
          code: error.kind === 'content_filtered' ? 'content_filter' : error.kind,
        };
  return {
    ...classified,
    source: 'stack',
    message: scrub(error.message),
    param: null,
    headers: retryHeaders(error.retryAfterMs),
    ...(error.attempts && {
      attempts: error.attempts.map((a) => ({
        provider: a.provider,
        model: a.model,
        error_kind: a.errorKind,
        status: a.status,
      })),
    }),
  };
}

/** An error answer: its status, headers and body in one API's shape. */
export interface ErrorReply<Body = unknown> {
  status: number;
  headers: Record<string, string>;
  body: Body;
}
