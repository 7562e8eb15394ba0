import { LlmuxError } from '@llmux/core';

/**
 * How the simulated batch APIs process a batch, read when the batch is created. Every duration
 * runs on the simulator's clock, so a manual clock moves a 24-hour batch along in milliseconds.
 */
export interface BatchBehavior {
  /** Before processing starts: OpenAI `validating`, Gemini `BATCH_STATE_PENDING`. */
  queueMs: number;
  /** From the start of processing to the last item answered; items finish evenly spread over it. */
  processingMs: number;
  /** After the last item, before the batch ends: OpenAI `finalizing`. */
  finalizingMs: number;
  /** From a cancel to the end of the batch: OpenAI `cancelling`, Anthropic `canceling`. */
  cancellingMs: number;
  /** Share of the items, 0 to 1, that fail with `failureStatus`, spread evenly over the batch. */
  failureShare: number;
  /** The HTTP status of a failing item, rendered in the provider's per-item error format. */
  failureStatus: number;
  /**
   * Prompt tokens one model may have in unfinished batches (OpenAI's enqueued token limit). A
   * batch beyond it fails as a whole: OpenAI and Gemini fail it after validation, Anthropic
   * refuses it with a 429. Default: no limit.
   */
  enqueuedTokenLimit?: number;
}

export const defaultBatchBehavior = (): BatchBehavior => ({
  queueMs: 1_000,
  processingMs: 60_000,
  finalizingMs: 1_000,
  cancellingMs: 1_000,
  failureShare: 0,
  failureStatus: 500,
});

/** The settings a batch runs with: the configured ones over the defaults. */
export const batchSettings = (configured: Partial<BatchBehavior> = {}): BatchBehavior => ({
  ...defaultBatchBehavior(),
  ...configured,
});

const invalid = (field: string, problem: string) =>
  new LlmuxError({
    kind: 'invalid_request',
    message: `Simulator behavior "batch.${field}" ${problem}`,
  });

/** Throws an `invalid_request` LlmuxError naming the first bad field of the batch behaviour. */
export function validateBatchBehavior(batch: unknown): void {
  if (typeof batch !== 'object' || batch === null) {
    throw new LlmuxError({
      kind: 'invalid_request',
      message: 'Simulator behavior "batch" must be an object',
    });
  }
  const fields = batch as Partial<Record<keyof BatchBehavior, unknown>>;
  for (const field of ['queueMs', 'processingMs', 'finalizingMs', 'cancellingMs'] as const) {
    const value = fields[field];
    if (
      value !== undefined &&
      !(typeof value === 'number' && Number.isFinite(value) && value >= 0)
    ) {
      throw invalid(field, `must be a finite number of milliseconds >= 0, got ${String(value)}`);
    }
  }
  const share = fields.failureShare;
  if (share !== undefined && !(typeof share === 'number' && share >= 0 && share <= 1)) {
    throw invalid('failureShare', `must be between 0 and 1, got ${String(share)}`);
  }
  const status = fields.failureStatus;
  if (status !== undefined && !(Number.isInteger(status) && (status as number) >= 400)) {
    throw invalid('failureStatus', `must be an HTTP error status >= 400, got ${String(status)}`);
  }
  const limit = fields.enqueuedTokenLimit;
  if (limit !== undefined && !(Number.isInteger(limit) && (limit as number) >= 1)) {
    throw invalid('enqueuedTokenLimit', `must be a positive integer, got ${String(limit)}`);
  }
}
