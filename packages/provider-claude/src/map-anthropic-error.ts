import {
  type ErrorKind,
  kindFromStatus,
  type LlmuxError,
  mapProviderError,
  type ProviderErrorContext,
  parseRetryAfter,
  type SdkErrorReading,
} from '@llmux/core';

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

export interface ErrorContext extends Omit<ProviderErrorContext, 'provider'> {
  model: string;
  /** For retry-after dates. */
  now: number;
}

/** What the Anthropic SDK's own error classes say; undefined for anything else. */
function readAnthropicError(error: unknown, now: number): SdkErrorReading | undefined {
  if (!(error instanceof Error)) return undefined;
  const { name } = error;
  if (name === 'APIUserAbortError')
    return { kind: 'cancelled', message: 'The request was cancelled' };
  if (name === 'APIConnectionTimeoutError') {
    return { kind: 'timeout', message: 'Anthropic did not answer in time' };
  }
  if (name === 'APIConnectionError') {
    return { kind: 'network', message: `Connection to anthropic failed: ${error.message}` };
  }
  if (isApiError(error)) {
    const type = error.type ?? error.error?.error?.type;
    const message = error.apiMessage ?? error.error?.error?.message ?? error.message;
    let kind: ErrorKind =
      error.status !== undefined
        ? kindFromStatus(error.status)
        : (type && Object.hasOwn(kindByType, type) && kindByType[type]) || 'server_error';
    if (type === 'timeout_error') kind = 'timeout';
    if (kind === 'invalid_request' && contextLength.test(message)) kind = 'context_length_exceeded';
    if (kind === 'invalid_request' && contentFilter.test(message)) kind = 'content_filtered';
    return {
      kind,
      status: error.status,
      retryAfterMs: error.headers ? parseRetryAfter(error.headers, now) : undefined,
      message: `Anthropic ${error.status ?? 'stream error'}${type ? ` ${type}` : ''}: ${message}`,
    };
  }
  // The SDK's own complaint when it was given no key: not something a retry cures.
  if (/authentication method/i.test(error.message)) {
    return { kind: 'authentication', message: `Anthropic client: ${error.message}` };
  }
  return undefined;
}

/** Any failure of an SDK call (before or during a stream) as an LlmuxError with its kind. */
export const mapAnthropicError = (error: unknown, context: ErrorContext): LlmuxError =>
  mapProviderError(error, { ...context, provider: 'anthropic' }, (e) =>
    readAnthropicError(e, context.now),
  );
