import { type ErrorKind, kindFromStatus, LlmuxError, parseRetryAfter } from '@llmux/core';

/** What an SDK `APIError` carries; read by shape so a client from another SDK copy works too. */
interface ApiErrorShape {
  status?: number;
  headers?: Headers;
  type?: string | null;
  apiMessage?: string | null;
  error?: { error?: { type?: string; message?: string } };
}

/** `error.type` of the Messages API, for errors without a status (events in a stream). */
const kindByType: Record<string, ErrorKind> = {
  invalid_request_error: 'invalid_request',
  authentication_error: 'authentication',
  billing_error: 'permission',
  permission_error: 'permission',
  not_found_error: 'not_found',
  request_too_large: 'invalid_request',
  rate_limit_error: 'rate_limited',
  api_error: 'server_error',
  timeout_error: 'timeout',
  overloaded_error: 'overloaded',
};

const contextLength =
  /prompt is too long|context (length|window)|too many (input )?tokens|exceeds? the (maximum|model's)/i;
const contentFilter = /content filtering|blocked by .*polic|output blocked/i;

const isApiError = (error: unknown): error is Error & ApiErrorShape =>
  error instanceof Error &&
  'headers' in error &&
  'error' in error &&
  (typeof (error as ApiErrorShape).status === 'number' || 'type' in error);

export interface ErrorContext {
  /** The caller's signal: an error after it aborted is a cancellation (or its timeout). */
  signal?: AbortSignal;
  model: string;
  /** For retry-after dates. */
  now: number;
}

/** Any failure of an SDK call (before or during a stream) as an LlmuxError with its kind. */
export function mapAnthropicError(error: unknown, context: ErrorContext): LlmuxError {
  if (LlmuxError.isInstance(error)) return error;
  const base = { provider: 'anthropic', model: context.model, cause: error };
  const reason: unknown = context.signal?.aborted ? context.signal.reason : undefined;
  const name = error instanceof Error ? error.name : '';
  if (context.signal?.aborted || name === 'APIUserAbortError') {
    const timedOut = reason instanceof DOMException && reason.name === 'TimeoutError';
    return new LlmuxError({
      ...base,
      kind: timedOut ? 'timeout' : 'cancelled',
      message: timedOut ? 'The request timed out' : 'The request was cancelled',
    });
  }
  if (name === 'APIConnectionTimeoutError') {
    return new LlmuxError({
      ...base,
      kind: 'timeout',
      message: 'Anthropic did not answer in time',
    });
  }
  if (isApiError(error) && name !== 'APIConnectionError') {
    const type = error.type ?? error.error?.error?.type;
    const message = error.apiMessage ?? error.error?.error?.message ?? error.message;
    let kind: ErrorKind =
      error.status !== undefined
        ? kindFromStatus(error.status)
        : (type && kindByType[type]) || 'server_error';
    if (type === 'timeout_error') kind = 'timeout';
    if (kind === 'invalid_request' && contextLength.test(message)) kind = 'context_length_exceeded';
    if (kind === 'invalid_request' && contentFilter.test(message)) kind = 'content_filtered';
    return new LlmuxError({
      ...base,
      kind,
      status: error.status,
      retryAfterMs: error.headers ? parseRetryAfter(error.headers, context.now) : undefined,
      message: `Anthropic ${error.status ?? 'stream error'}${type ? ` ${type}` : ''}: ${message}`,
    });
  }
  if (error instanceof SyntaxError) {
    return new LlmuxError({
      ...base,
      kind: 'server_error',
      message: `Anthropic sent a response that is not valid JSON: ${error.message}`,
    });
  }
  const detail = error instanceof Error ? error.message : String(error);
  // fetch fails with a TypeError ("fetch failed", "terminated" when a stream is cut).
  if (name === 'APIConnectionError' || error instanceof TypeError) {
    return new LlmuxError({
      ...base,
      kind: 'network',
      message: `Connection to Anthropic failed: ${detail}`,
    });
  }
  if (/authentication method/i.test(detail)) {
    return new LlmuxError({
      ...base,
      kind: 'authentication',
      message: `Anthropic client: ${detail}`,
    });
  }
  return new LlmuxError({
    ...base,
    kind: 'server_error',
    message: `Anthropic call failed: ${detail}`,
  });
}
