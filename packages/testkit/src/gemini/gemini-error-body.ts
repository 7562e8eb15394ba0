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

/**
 * The body Gemini sends with an error of this status and message, in the HTTP reply or as a
 * stream chunk. The simulator hands dialects a status and a message, so the `details` are read
 * from the message's wording, which follows the real API's: a 429 that says "Please retry in
 * 34.4s." carries a `RetryInfo` with `retryDelay: "34.4s"` (recorded: google-429-retry-info.json).
 */
export function geminiErrorBody(status: number, message: string): GeminiErrorBody {
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
    const delay = message.match(/retry in (\d+(?:\.\d+)?)s/i)?.[1];
    if (delay) details.push({ '@type': type('RetryInfo'), retryDelay: `${delay}s` });
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
