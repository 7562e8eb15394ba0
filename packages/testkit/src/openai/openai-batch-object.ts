import type { BatchPhase, BatchView, ItemState, SimBatch } from '../simulator/batch-timeline.js';
import type { OpenAIBatchError } from './openai-batch-input.js';

/** What the simulator keeps of an OpenAI batch besides the engine's model of it. */
export interface OpenAIBatchData {
  endpoint: string;
  inputFileId: string;
  metadata: Record<string, string> | null;
  /** Each item's `custom_id`, in input order. */
  customIds: string[];
  /** Why validation failed the batch. */
  errors: OpenAIBatchError[];
  /** Written when the batch ends, each only when it has lines. */
  outputFileId?: string;
  errorFileId?: string;
}

export type OpenAIBatch = SimBatch<OpenAIBatchData>;

const statuses: Record<BatchPhase, string> = {
  queued: 'validating',
  running: 'in_progress',
  finalizing: 'finalizing',
  cancelling: 'cancelling',
  completed: 'completed',
  failed: 'failed',
  expired: 'expired',
  cancelled: 'cancelled',
};

export const openaiBatchStatus = (view: BatchView): string => statuses[view.phase];

const seconds = (ms: number | undefined) => (ms === undefined ? null : Math.floor(ms / 1000));

/** Items counted while validating and after failing validation: none (`total` is 0 then). */
const countedItems = (view: BatchView): ItemState[] =>
  view.phase === 'queued' || view.phase === 'failed' ? [] : view.items;

/** The batch's `usage`: the tokens of the requests answered so far. */
function batchUsage(batch: OpenAIBatch, view: BatchView) {
  let input = 0;
  let cached = 0;
  let output = 0;
  let reasoning = 0;
  view.items.forEach((state, index) => {
    const outcome = batch.items[index]?.outcome;
    if (state !== 'succeeded' || !outcome?.ok) return;
    input += outcome.reply.usage.inputTokens;
    cached += outcome.reply.usage.cacheReadTokens;
    output += outcome.reply.usage.outputTokens;
    reasoning += outcome.reply.usage.reasoningTokens;
  });
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: cached },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: reasoning },
    total_tokens: input + output,
  };
}

/**
 * The `batch` object as it stands in `view`. `request_counts` counts requests answered
 * (`completed`) and refused (`failed`); canceled and expired ones are in neither, only in the
 * error file.
 */
export function openaiBatchObject(batch: OpenAIBatch, view: BatchView) {
  const { data } = batch;
  const items = countedItems(view);
  const count = (state: ItemState) => items.filter((item) => item === state).length;
  const endedAt = (phase: BatchPhase) => seconds(view.phase === phase ? view.endedAt : undefined);
  return {
    id: batch.id,
    object: 'batch',
    endpoint: data.endpoint,
    model: batch.model,
    errors: data.errors.length > 0 ? { object: 'list', data: data.errors } : null,
    input_file_id: data.inputFileId,
    completion_window: '24h',
    status: openaiBatchStatus(view),
    output_file_id: data.outputFileId ?? null,
    error_file_id: data.errorFileId ?? null,
    created_at: seconds(batch.createdAt),
    in_progress_at: seconds(view.startedAt),
    expires_at: seconds(batch.expiresAt),
    finalizing_at: seconds(view.finalizingAt),
    completed_at: endedAt('completed'),
    failed_at: endedAt('failed'),
    expired_at: endedAt('expired'),
    cancelling_at: seconds(view.cancellingAt),
    cancelled_at: endedAt('cancelled'),
    request_counts: {
      total: items.length,
      completed: count('succeeded'),
      failed: count('errored'),
    },
    usage: batchUsage(batch, view),
    metadata: data.metadata,
  };
}
