import type { ErrorReply } from '../simulator/types.js';

/** Gemini's error envelope: the JSON mapping of `google.rpc.Status`. */
export interface GeminiErrorBody {
  error: {
    code: number;
    message: string;
    status: string;
    details?: Array<Record<string, unknown>>;
  };
}

/** The canonical code name Google APIs send with each HTTP status (see ERRORS.md). */
export function canonicalStatus(status: number): string {
  const byStatus: Record<number, string> = {
    400: 'INVALID_ARGUMENT',
    401: 'UNAUTHENTICATED',
    403: 'PERMISSION_DENIED',
    404: 'NOT_FOUND',
    409: 'ABORTED',
    429: 'RESOURCE_EXHAUSTED',
    499: 'CANCELLED',
    501: 'UNIMPLEMENTED',
    502: 'UNAVAILABLE',
    503: 'UNAVAILABLE',
    504: 'DEADLINE_EXCEEDED',
  };
  return byStatus[status] ?? (status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT');
}

const type = (name: string) => `type.googleapis.com/google.rpc.${name}`;
const SERVICE = 'generativelanguage.googleapis.com';

/** `QuotaFailure` of a 429: which quota ran out, read from the message's wording. */
function quotaFailure(message: string) {
  const tokens = /token/i.test(message);
  return {
    '@type': type('QuotaFailure'),
    violations: [
      {
        quotaMetric: tokens
          ? `${SERVICE}/generate_content_paid_tier_input_token_count`
          : `${SERVICE}/generate_content_paid_tier_requests`,
        quotaId: tokens
          ? 'GenerateContentPaidTierInputTokensPerModelPerMinute'
          : 'GenerateRequestsPerMinutePerProjectPerModel',
      },
    ],
  };
}

/** Milliseconds as a `google.protobuf.Duration` string, the way `RetryInfo.retryDelay` has it. */
const duration = (ms: number) => `${Number((ms / 1000).toFixed(9))}s`;

/**
 * The body Gemini sends with an error of this status and message, in the HTTP reply or as a
 * stream chunk. A 429 carries a `RetryInfo` (recorded: google-429-retry-info.json) with the delay
 * given, or else the one its message names in the real API's wording ("Please retry in 34.4s.").
 * Other `details` are read from the wording too.
 */
export function geminiErrorBody(
  status: number,
  message: string,
  retryAfterMs?: number,
): GeminiErrorBody {
  const details: Array<Record<string, unknown>> = [];
  if (status === 429) {
    details.push(quotaFailure(message), {
      '@type': type('Help'),
      links: [
        {
          description: 'Learn more about Gemini API quotas',
          url: 'https://ai.google.dev/gemini-api/docs/rate-limits',
        },
      ],
    });
    const named = message.match(/retry in (\d+(?:\.\d+)?)s/i)?.[1];
    const delay = retryAfterMs === undefined ? named && `${named}s` : duration(retryAfterMs);
    if (delay) details.push({ '@type': type('RetryInfo'), retryDelay: delay });
  }
  if (/API key not valid/i.test(message)) {
    details.push(
      {
        '@type': type('ErrorInfo'),
        reason: 'API_KEY_INVALID',
        domain: 'googleapis.com',
        metadata: { service: SERVICE },
      },
      { '@type': type('LocalizedMessage'), locale: 'en-US', message },
    );
  }
  return {
    error: {
      code: status,
      message,
      status: canonicalStatus(status),
      ...(details.length > 0 ? { details } : {}),
    },
  };
}

/**
 * The error reply: the body alone, no headers. `retryAfterMs` is for an engine that hands a 429's
 * delay over, since Gemini states it only in the body (no `retry-after` header).
 */
export const geminiErrorReply = (
  status: number,
  message: string,
  context?: { requestId?: string; retryAfterMs?: number },
): ErrorReply & { body: GeminiErrorBody } => ({
  status,
  body: geminiErrorBody(status, message, context?.retryAfterMs),
});
