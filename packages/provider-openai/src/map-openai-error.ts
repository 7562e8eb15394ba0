import {
  type ErrorKind,
  kindFromStatus,
  type LlmuxError,
  mapProviderError,
  type ProviderErrorContext,
  parseRetryAfter,
  type SdkErrorReading,
} from '@llmux/core';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

export interface ErrorContext extends ProviderErrorContext {
  model: string;
  /** For retry-after dates. */
  now: number;
}

/** What an in-stream error payload (no HTTP status) is, by its `type` and `code`. */
function kindFromBody(type: string | undefined, code: string | null | undefined): ErrorKind {
  if (code === 'rate_limit_exceeded' || code === 'insufficient_quota') return 'rate_limited';
  if (type === 'requests' || type === 'tokens') return 'rate_limited';
  if (type === 'invalid_request_error') return 'invalid_request';
  if (type === 'authentication_error') return 'authentication';
  return 'server_error';
}

/** OpenAI's 429 messages say "Please try again in 3.89s" (or "in 6ms") when no header does. */
function retryAfterFromMessage(message: string): number | undefined {
  const match = message.match(/try again in (\d+(?:\.\d+)?)(ms|s)\b/i);
  if (!match) return undefined;
  const value = Number(match[1]);
  return match[2] === 'ms' ? value : value * 1000;
}

function kindOfApiError(error: APIError): ErrorKind {
  const { code, status } = error;
  if (code === 'context_length_exceeded' || /maximum context length/i.test(error.message)) {
    return 'context_length_exceeded';
  }
  if (code === 'content_filter' || code === 'content_policy_violation') return 'content_filtered';
  return status === undefined ? kindFromBody(error.type, code) : kindFromStatus(status);
}

/** Whether the server said to retry: OpenAI's `x-should-retry` header, else by the error kind. */
function retryableOf(error: APIError): boolean | undefined {
  if (error.code === 'insufficient_quota') return false;
  const shouldRetry = error.headers?.get('x-should-retry');
  if (shouldRetry === 'true') return true;
  if (shouldRetry === 'false') return false;
  return undefined;
}

/** What the `openai` SDK's own error classes say; undefined for anything else. */
function readOpenAIError(error: unknown, now: number): SdkErrorReading | undefined {
  if (!(error instanceof Error)) return undefined;
  const { message } = error;
  if (error instanceof APIUserAbortError) {
    return { kind: 'cancelled', message: 'The request was cancelled' };
  }
  if (error instanceof APIConnectionTimeoutError) return { kind: 'timeout', message };
  if (error instanceof APIConnectionError) return { kind: 'network', message };
  if (!(error instanceof APIError)) return undefined;
  const kind = kindOfApiError(error);
  const retryAfterMs = error.headers
    ? (parseRetryAfter(error.headers, now) ??
      (kind === 'rate_limited' ? retryAfterFromMessage(message) : undefined))
    : undefined;
  return { kind, message, status: error.status, retryable: retryableOf(error), retryAfterMs };
}

/**
 * Any failure of an OpenAI call (an SDK error, an abort, a broken or garbled body) as the one
 * `LlmuxError` of core, with its kind, retryability, status and retry-after.
 */
export const mapOpenAIError = (error: unknown, context: ErrorContext): LlmuxError =>
  mapProviderError(error, context, (e) => readOpenAIError(e, context.now));
