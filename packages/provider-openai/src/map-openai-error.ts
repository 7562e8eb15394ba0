import {
  cancelledError,
  type ErrorKind,
  kindFromStatus,
  LlmuxError,
  parseRetryAfter,
} from '@llmux/core';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

export interface ErrorContext {
  provider: string;
  model: string;
  /** The caller's signal: an abort it caused is `cancelled`, or `timeout` for a timeout signal. */
  signal?: AbortSignal;
  now: number;
  /** Scrubbed from messages, should a server ever echo it back. */
  apiKey?: string;
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

/**
 * fetch (undici) raises `TypeError: terminated`, with the socket error as its cause, when the
 * connection breaks while the body is read; the SDK passes it through mid-stream.
 */
const isBrokenConnection = (error: unknown): boolean =>
  error instanceof TypeError &&
  (error.message === 'terminated' ||
    typeof (error.cause as { code?: unknown } | undefined)?.code === 'string');

const redact = (message: string, secret: string | undefined) =>
  secret && secret.length >= 8 ? message.split(secret).join('[redacted]') : message;

/**
 * Any failure of an OpenAI call (an SDK error, an abort, a broken or garbled body) as the one
 * `LlmuxError` of core, with its kind, retryability, status and retry-after.
 */
export function mapOpenAIError(error: unknown, context: ErrorContext): LlmuxError {
  if (LlmuxError.isInstance(error)) return error;
  const { provider, model, signal } = context;
  const base = { provider, model, cause: error };
  const message = redact(error instanceof Error ? error.message : String(error), context.apiKey);

  if (signal?.aborted) {
    if (signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError') {
      return new LlmuxError({ ...base, kind: 'timeout', message: 'The request timed out' });
    }
    return cancelledError(signal, provider);
  }
  if (error instanceof APIUserAbortError) return cancelledError(undefined, provider);
  if (error instanceof APIConnectionTimeoutError) {
    return new LlmuxError({ ...base, kind: 'timeout', message });
  }
  if (error instanceof APIConnectionError) {
    return new LlmuxError({ ...base, kind: 'network', message });
  }
  if (error instanceof APIError) {
    const kind = kindOfApiError(error);
    const retryAfterMs = error.headers
      ? (parseRetryAfter(error.headers, context.now) ??
        (kind === 'rate_limited' ? retryAfterFromMessage(message) : undefined))
      : undefined;
    return new LlmuxError({
      ...base,
      kind,
      message,
      status: error.status,
      retryable: retryableOf(error),
      retryAfterMs,
    });
  }
  if (error instanceof SyntaxError) {
    return new LlmuxError({
      ...base,
      kind: 'server_error',
      message: `The provider sent a body that is not valid JSON: ${message}`,
    });
  }
  if (isBrokenConnection(error)) return new LlmuxError({ ...base, kind: 'network', message });
  return new LlmuxError({ ...base, kind: 'server_error', message });
}
