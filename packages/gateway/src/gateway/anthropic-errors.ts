import { anthropicErrorType } from '@llmux/testkit';
import { type ErrorOutcome, type ErrorReply, errorOutcome } from './error-outcome.js';

export interface AnthropicErrorBody {
  type: 'error';
  error: {
    type: string;
    message: string;
    /** Every call made, for `all_attempts_failed`: where, and how it failed (no messages). */
    llmux_attempts?: ErrorOutcome['attempts'];
  };
  request_id: string;
}

/**
 * Out of capacity is 529 `overloaded_error` in Anthropic's dialect (what its SDKs and Claude Code
 * recognise and retry), where the OpenAI dialect answers 503.
 */
const anthropicStatus = (status: number) => (status === 503 ? 529 : status);

/**
 * Any failure as an Anthropic error: `{ type: 'error', error: { type, message }, request_id }`
 * (the type by status, as the API and its simulator name them) with the `request-id` header, the status shared with the OpenAI dialect (see `errorOutcome`),
 * and `retry-after` when known.
 */
export function toAnthropicErrorReply(
  error: unknown,
  scrub: (text: string) => string,
  requestId: string,
): ErrorReply<AnthropicErrorBody> {
  const outcome = errorOutcome(error, scrub);
  const status = anthropicStatus(outcome.status);
  return {
    status,
    headers: { ...outcome.headers, 'request-id': requestId },
    body: {
      type: 'error',
      error: {
        type: anthropicErrorType(status),
        message: outcome.message,
        ...(outcome.attempts && { llmux_attempts: outcome.attempts }),
      },
      request_id: requestId,
    },
  };
}
