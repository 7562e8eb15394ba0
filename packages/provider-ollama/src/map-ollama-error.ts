import {
  type ErrorKind,
  kindFromStatus,
  type LlmuxError,
  mapProviderError,
  type ProviderErrorContext,
  parseRetryAfter,
  type SdkErrorReading,
} from '@llmux/core';
import { OllamaHttpError } from './ollama-http-error.js';

export interface ErrorContext extends ProviderErrorContext {
  model: string;
  /** For retry-after dates. */
  now: number;
}

/** How Ollama words a prompt longer than the model's context (`/api/embed` with `truncate: false`). */
const CONTEXT_LENGTH = /context length|context window|exceeds the maximum context/i;
/** Ollama's 503 when its queue is full (`OLLAMA_MAX_QUEUE`). */
const BUSY = /server busy/i;

function kindOf(error: OllamaHttpError): ErrorKind {
  if (CONTEXT_LENGTH.test(error.message)) return 'context_length_exceeded';
  if (error.status !== undefined) return kindFromStatus(error.status);
  // A line of a stream that had answered 200: the model failed while it ran.
  return BUSY.test(error.message) ? 'overloaded' : 'server_error';
}

/** What an `OllamaHttpError` says; undefined for anything else, which core reads. */
function readOllamaError(error: unknown, now: number): SdkErrorReading | undefined {
  if (!(error instanceof OllamaHttpError)) return undefined;
  return {
    kind: kindOf(error),
    message: error.message,
    status: error.status,
    retryAfterMs: error.headers ? parseRetryAfter(error.headers, now) : undefined,
  };
}

/**
 * Any failure of an Ollama call (an error status or an error line, an abort, a timeout, a broken
 * connection, a body that is not JSON) as core's `LlmuxError`, with its kind, retryability,
 * status and retry-after.
 */
export const mapOllamaError = (error: unknown, context: ErrorContext): LlmuxError =>
  mapProviderError(error, context, (e) => readOllamaError(e, context.now));
