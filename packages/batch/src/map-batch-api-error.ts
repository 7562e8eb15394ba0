import { kindFromStatus, type LlmuxError, mapProviderError, parseRetryAfter } from '@llmux/core';

/** What the three SDKs' API errors carry: an HTTP status, and with it the response headers. */
interface StatusError extends Error {
  status?: unknown;
  headers?: unknown;
}

export interface BatchApiErrorContext {
  provider: string;
  /** For retry-after dates. */
  now: number;
  /** Scrubbed from messages. */
  apiKey?: string;
}

/**
 * A failed call to a provider's batch or files endpoint as an `LlmuxError`: the kind its HTTP
 * status stands for, with the server's retry-after; the SDKs' connection failures as `network`
 * and `timeout`; anything else as core reads it.
 */
export function mapBatchApiError(error: unknown, context: BatchApiErrorContext): LlmuxError {
  const { provider, now } = context;
  return mapProviderError(error, context, (e) => {
    if (!(e instanceof Error)) return undefined;
    if (e.name === 'APIConnectionTimeoutError') {
      return { kind: 'timeout', message: `${provider} batch API did not answer in time` };
    }
    if (e.name === 'APIConnectionError') {
      return { kind: 'network', message: `Connection to ${provider} failed: ${e.message}` };
    }
    const { status, headers } = e as StatusError;
    if (typeof status !== 'number') return undefined;
    return {
      kind: kindFromStatus(status),
      status,
      retryAfterMs: headers instanceof Headers ? parseRetryAfter(headers, now) : undefined,
      message: `${provider} batch API ${status}: ${e.message}`,
    };
  });
}
