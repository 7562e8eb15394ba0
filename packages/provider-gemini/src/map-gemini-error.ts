import { ApiError, type GenerateContentResponsePromptFeedback } from '@google/genai';
import {
  type ErrorKind,
  kindFromStatus,
  LlmuxError,
  mapProviderError,
  type ProviderErrorContext,
  type SdkErrorReading,
} from '@llmux/core';

export interface GeminiErrorContext extends ProviderErrorContext {
  model: string;
}

/** The `google.rpc.Status` of an error body. */
interface RpcStatus {
  code?: number;
  message?: string;
  status?: string;
  details?: Array<Record<string, unknown>>;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The error body inside an `ApiError` message: the SDK puts the HTTP body there as JSON, after
 * `got status: …. ` for an error chunk of a stream; Vertex wraps stream errors in an array.
 */
export function parseRpcStatus(message: string): RpcStatus | undefined {
  const start = message.search(/[[{]/);
  if (start < 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(message.slice(start));
    const body = Array.isArray(parsed) ? parsed[0] : parsed;
    return isObject(body) && isObject(body.error) ? (body.error as RpcStatus) : undefined;
  } catch {
    return undefined;
  }
}

const detail = (status: RpcStatus | undefined, type: string) =>
  status?.details?.find((d) => String(d['@type']).endsWith(`google.rpc.${type}`));

/** `RetryInfo.retryDelay` ("34.4s"), else the message's "Please retry in 26.66s.", in ms. */
export function retryDelayMs(status: RpcStatus | undefined): number | undefined {
  const delay = detail(status, 'RetryInfo')?.retryDelay;
  const seconds =
    (typeof delay === 'string' ? delay.match(/^(\d+(?:\.\d+)?)s$/)?.[1] : undefined) ??
    status?.message?.match(/retry in (\d+(?:\.\d+)?)s/i)?.[1];
  return seconds === undefined ? undefined : Math.round(Number(seconds) * 1000);
}

const TOO_LONG =
  /input token count.*exceeds|exceeds the maximum number of tokens|context (length|window)|prompt is too long/i;

/** A status read with Gemini's habits: a bad key is a 400, the context limit shows in words. */
function kindOf(httpStatus: number, status: RpcStatus | undefined): ErrorKind {
  const text = status?.message ?? '';
  const reason = detail(status, 'ErrorInfo')?.reason;
  if (reason === 'API_KEY_INVALID' || /API key (not valid|expired)/i.test(text)) {
    return 'authentication';
  }
  // A call without any key is a 403 PERMISSION_DENIED for "unregistered callers".
  if (/unregistered callers/i.test(text)) return 'authentication';
  if (TOO_LONG.test(text)) return 'context_length_exceeded';
  switch (status?.status) {
    case 'UNAUTHENTICATED':
      return 'authentication';
    // The account cannot use the API (no free tier in the region, billing off): no retry helps.
    case 'FAILED_PRECONDITION':
      return 'permission';
    case 'CANCELLED':
      return 'cancelled';
    case 'DEADLINE_EXCEEDED':
      return 'timeout';
  }
  return kindFromStatus(httpStatus);
}

/** What the SDK's `ApiError` says; undefined for anything else. */
function readGeminiError(error: unknown): SdkErrorReading | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const status = parseRpcStatus(error.message);
  const kind = kindOf(error.status, status);
  return {
    kind,
    message: `Gemini ${error.status}${status?.status ? ` ${status.status}` : ''}: ${status?.message ?? error.message}`,
    status: error.status,
    retryAfterMs: kind === 'rate_limited' ? retryDelayMs(status) : undefined,
  };
}

/**
 * Any failure of a Gemini call (an `ApiError`, an abort, a broken or garbled body) as core's one
 * `LlmuxError`, with its kind, retryability, status and retry delay.
 */
export const mapGeminiError = (error: unknown, context: GeminiErrorContext): LlmuxError =>
  mapProviderError(error, context, readGeminiError);

/** A prompt Gemini refused to answer: no candidates, only `promptFeedback.blockReason`. */
export function promptBlockedError(
  feedback: GenerateContentResponsePromptFeedback,
  context: Pick<GeminiErrorContext, 'provider' | 'model'>,
): LlmuxError {
  const why = feedback.blockReasonMessage ? ` (${feedback.blockReasonMessage})` : '';
  return new LlmuxError({
    kind: 'content_filtered',
    message: `Gemini blocked the prompt: ${feedback.blockReason}${why}`,
    provider: context.provider,
    model: context.model,
  });
}
