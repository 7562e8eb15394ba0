import { LlmuxError, type LlmuxErrorOptions } from './errors.js';

/** Where a provider call failed, and what must never show in its error. */
export interface ProviderErrorContext {
  provider: string;
  model?: string;
  /** The caller's signal: once it aborted, any failure is its timeout or its cancellation. */
  signal?: AbortSignal;
  /** Scrubbed from every message, should a server or an SDK ever echo it back. */
  apiKey?: string;
}

/** What an adapter reads from an error only its SDK knows: all but where it happened. */
export type SdkErrorReading = Pick<
  LlmuxErrorOptions,
  'kind' | 'message' | 'retryable' | 'retryAfterMs' | 'status'
>;

/** `AbortSignal.timeout()` aborts with a `TimeoutError`; any other abort is a cancellation. */
const isTimeout = (reason: unknown): boolean =>
  reason instanceof Error && reason.name === 'TimeoutError';

/**
 * fetch (undici) fails with a `TypeError`: "fetch failed" when it cannot connect, "terminated"
 * when the connection breaks while a body is read, with the socket error (and its code) as cause.
 */
const isBrokenConnection = (error: unknown): boolean =>
  error instanceof TypeError &&
  (error.message === 'fetch failed' ||
    error.message === 'terminated' ||
    typeof (error.cause as { code?: unknown } | undefined)?.code === 'string');

/** Short secrets are left alone: scrubbing them would garble ordinary words. */
const redact = (message: string, secret: string | undefined): string =>
  secret && secret.length >= 8 ? message.split(secret).join('[redacted]') : message;

/** An error's own text: message, stack and enumerable fields (an SDK error's body, say). */
const textOf = (error: Error): string => {
  try {
    return `${error.message}\n${error.stack}\n${JSON.stringify(error)}`;
  } catch {
    return `${error.message}\n${error.stack}`;
  }
};

/**
 * The cause to keep on the error: the original, unless the secret shows in it (a server that
 * echoed the key into its error body), which would print with the error; then a plain error of
 * the same name with the secret scrubbed from its message and stack.
 */
const scrubbedCause = (cause: unknown, secret: string | undefined): unknown => {
  if (typeof cause === 'string') return redact(cause, secret);
  if (!(cause instanceof Error) || redact(textOf(cause), secret) === textOf(cause)) return cause;
  const clean = new Error(redact(cause.message, secret));
  clean.name = cause.name;
  clean.stack = redact(cause.stack ?? '', secret);
  return clean;
};

/**
 * Any failure of a provider call, before or during a stream, as one `LlmuxError` with its kind.
 * An LlmuxError stays as it is, and once the caller's signal aborted the failure is its `timeout`
 * (a `TimeoutError` reason) or `cancelled`. Then `readSdkError` reads what only the adapter's SDK
 * knows (its API errors, its own timeout and connection classes) and returns undefined for
 * anything else, which is read the same way for every provider: an abort is `cancelled`, a body
 * that is not JSON a `server_error`, a broken connection `network`, the rest `server_error`.
 * The API key never reaches a message, nor the cause kept on the error.
 */
export function mapProviderError(
  error: unknown,
  context: ProviderErrorContext,
  readSdkError: (error: unknown) => SdkErrorReading | undefined = () => undefined,
): LlmuxError {
  if (LlmuxError.isInstance(error)) return error;
  const { provider, model, signal, apiKey } = context;
  const failure = (reading: SdkErrorReading) =>
    new LlmuxError({
      ...reading,
      message: redact(reading.message, apiKey),
      provider,
      model,
      cause: scrubbedCause(error, apiKey),
    });

  if (signal?.aborted) {
    return isTimeout(signal.reason)
      ? failure({ kind: 'timeout', message: 'The request timed out' })
      : failure({ kind: 'cancelled', message: 'The request was cancelled' });
  }
  const read = readSdkError(error);
  if (read) return failure(read);

  const detail = error instanceof Error ? error.message : String(error);
  if (isTimeout(error)) return failure({ kind: 'timeout', message: 'The request timed out' });
  if (error instanceof Error && error.name === 'AbortError') {
    return failure({ kind: 'cancelled', message: 'The request was cancelled' });
  }
  if (error instanceof SyntaxError) {
    return failure({
      kind: 'server_error',
      message: `${provider} sent a body that is not valid JSON: ${detail}`,
    });
  }
  if (isBrokenConnection(error)) {
    return failure({ kind: 'network', message: `Connection to ${provider} failed: ${detail}` });
  }
  return failure({ kind: 'server_error', message: `${provider} call failed: ${detail}` });
}
