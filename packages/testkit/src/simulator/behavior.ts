import { LlmuxError } from '@llmux/core';
import { type BatchBehavior, validateBatchBehavior } from './batch-behavior.js';
import type { ScriptedReply, SimRequest } from './types.js';

/** Milliseconds, fixed or drawn uniformly from a range. */
export type Duration = number | { min: number; max: number };

/** How a simulator answers; every field can change while it runs (`configure`). */
export interface SimulatorBehavior {
  /** Before the response (non-stream) or before the headers (stream). */
  latencyMs: Duration;
  /** Stream: before the first content frame. */
  timeToFirstTokenMs: Duration;
  /** Stream: between content frames. */
  chunkIntervalMs: number;
  /** Characters of text per stream delta. */
  chunkSize: number;
  /** Default: echo `Echo: <last user text>`. */
  reply: ScriptedReply | ((request: SimRequest) => ScriptedReply);
  /** Every call fails as the provider does when down (Anthropic 529, others 503). */
  outage: boolean;
  /** Sliding 60 s windows, enforced with 429, the provider's rate-limit headers and retry-after. */
  limits: { requestsPerMinute?: number; tokensPerMinute?: number };
  /** Answer 401 in the provider's format when the key header is missing. */
  requireApiKey?: boolean;
  /** How the batch APIs process a batch; fields left out take their defaults. */
  batch: Partial<BatchBehavior>;
}

export const defaultBehavior = (): SimulatorBehavior => ({
  latencyMs: 0,
  timeToFirstTokenMs: 0,
  chunkIntervalMs: 0,
  chunkSize: 8,
  reply: {},
  outage: false,
  limits: {},
  requireApiKey: false,
  batch: {},
});

const invalid = (field: string, problem: string) =>
  new LlmuxError({
    kind: 'invalid_request',
    message: `Simulator behavior "${field}" ${problem}`,
  });

const checkMs = (field: string, value: unknown) => {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalid(field, `must be a finite number of milliseconds >= 0, got ${String(value)}`);
  }
};

const checkDuration = (field: string, value: unknown) => {
  if (typeof value === 'object' && value !== null) {
    const { min, max } = value as { min?: unknown; max?: unknown };
    checkMs(`${field}.min`, min);
    checkMs(`${field}.max`, max);
    if ((min as number) > (max as number)) throw invalid(field, 'has min greater than max');
    return;
  }
  checkMs(field, value);
};

const checkLimit = (field: string, value: unknown) => {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw invalid(field, `must be a positive integer, got ${String(value)}`);
  }
};

/** Throws an `invalid_request` LlmuxError naming the first bad field of a behaviour change. */
export function validateBehavior(change: Partial<SimulatorBehavior>): void {
  if (change.latencyMs !== undefined) checkDuration('latencyMs', change.latencyMs);
  if (change.timeToFirstTokenMs !== undefined) {
    checkDuration('timeToFirstTokenMs', change.timeToFirstTokenMs);
  }
  if (change.chunkIntervalMs !== undefined) checkMs('chunkIntervalMs', change.chunkIntervalMs);
  if (change.chunkSize !== undefined) {
    if (!Number.isInteger(change.chunkSize) || change.chunkSize < 1) {
      throw invalid('chunkSize', `must be a positive integer, got ${String(change.chunkSize)}`);
    }
  }
  if (change.reply !== undefined && (typeof change.reply !== 'object' || change.reply === null)) {
    if (typeof change.reply !== 'function')
      throw invalid('reply', 'must be an object or a function');
  }
  if (change.limits !== undefined) {
    if (typeof change.limits !== 'object' || change.limits === null) {
      throw invalid('limits', 'must be an object');
    }
    checkLimit('limits.requestsPerMinute', change.limits.requestsPerMinute);
    checkLimit('limits.tokensPerMinute', change.limits.tokensPerMinute);
  }
  if (change.batch !== undefined) validateBatchBehavior(change.batch);
}

/** A duration in milliseconds: fixed, or uniform in [min, max] by the injected `random`. */
export const drawDuration = (duration: Duration, random: () => number): number =>
  typeof duration === 'number'
    ? duration
    : duration.min + Math.floor(random() * (duration.max - duration.min + 1));
