import { deploymentOf, type GenerateRequest, LlmuxError } from '@llmux/core';
import { numberOption, objectOption } from './validate-options.js';

export interface TimeoutOptions {
  /** One `generate` call, from start to response. Default 60 000 ms. */
  attemptMs?: number;
  /** One streamed call, from start to its first content event. Default 30 000 ms. */
  firstTokenMs?: number;
  /** A streamed call after its first content: the longest wait for the next event. Default 30 000 ms. */
  idleMs?: number;
  /**
   * The whole request: every attempt, backoff and the full stream. Default none. A request's own
   * `deadlineAt` applies too, when it comes first.
   */
  totalMs?: number;
}

export type Timeouts = Required<Omit<TimeoutOptions, 'totalMs'>> & Pick<TimeoutOptions, 'totalMs'>;

export function resolveTimeouts(input: TimeoutOptions | undefined, field = 'timeouts'): Timeouts {
  const options = objectOption(input, field);
  const positive = { above: 0 };
  return {
    attemptMs: numberOption(options.attemptMs, `${field}.attemptMs`, positive, 60_000),
    firstTokenMs: numberOption(options.firstTokenMs, `${field}.firstTokenMs`, positive, 30_000),
    idleMs: numberOption(options.idleMs, `${field}.idleMs`, positive, 30_000),
    totalMs: numberOption(options.totalMs, `${field}.totalMs`, positive),
  };
}

/** The error a timeout stands for; `what` says which limit, e.g. `no first token`. */
export const timeoutError = (
  what: string,
  ms: number,
  target?: { provider: string; model: string; deployment?: string },
): LlmuxError =>
  new LlmuxError({
    kind: 'timeout',
    message: `${target ? `${deploymentOf(target)}: ` : ''}${what} within ${ms} ms`,
    provider: target?.provider,
    model: target?.model,
  });

/**
 * The request's one deadline, epoch ms on the layers' clock: its `deadlineAt` (set by the
 * outermost layer, covering every layer's time) or `totalMs` from `now`, whichever comes first;
 * `Infinity` with neither.
 */
export function requestDeadline(
  request: Pick<GenerateRequest, 'deadlineAt'>,
  totalMs: number | undefined,
  now: number,
): number {
  const { deadlineAt = Number.POSITIVE_INFINITY } = request;
  if (typeof deadlineAt !== 'number' || Number.isNaN(deadlineAt)) {
    throw new LlmuxError({
      kind: 'invalid_request',
      message: `request.deadlineAt must be epoch milliseconds, got ${String(deadlineAt)}`,
    });
  }
  return Math.min(deadlineAt, totalMs === undefined ? Number.POSITIVE_INFINITY : now + totalMs);
}
