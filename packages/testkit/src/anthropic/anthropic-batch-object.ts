import type { BatchView, ItemState, SimBatch } from '../simulator/batch-timeline.js';
import { anthropicErrorReply } from './anthropic-errors.js';
import { anthropicMessage } from './anthropic-response.js';

/** What the simulator keeps of a Message Batch besides the engine's model of it. */
export interface AnthropicBatchData {
  /** Each request's `custom_id`, in input order. */
  customIds: string[];
}

export type AnthropicBatch = SimBatch<AnthropicBatchData>;

/** Results stay downloadable for 29 days after the batch is created, then it is archived. */
export const ARCHIVE_AFTER_MS = 29 * 24 * 60 * 60 * 1000;

const time = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

const processingStatus = (view: BatchView) => {
  if (view.phase === 'cancelling') return 'canceling';
  return view.endedAt === undefined ? 'in_progress' : 'ended';
};

/**
 * The `message_batch` object at `now`. Every request counts as `processing` until the whole batch
 * has ended; then each counts by its result.
 */
export function anthropicBatchObject(
  batch: AnthropicBatch,
  view: BatchView,
  now: number,
  origin: string,
) {
  const ended = view.endedAt !== undefined;
  const count = (state: ItemState) => view.items.filter((item) => item === state).length;
  const archivedAt = batch.createdAt + ARCHIVE_AFTER_MS;
  return {
    id: batch.id,
    type: 'message_batch',
    processing_status: processingStatus(view),
    request_counts: {
      processing: ended ? 0 : batch.items.length,
      succeeded: ended ? count('succeeded') : 0,
      errored: ended ? count('errored') : 0,
      canceled: ended ? count('canceled') : 0,
      expired: ended ? count('expired') : 0,
    },
    ended_at: time(view.endedAt),
    created_at: time(batch.createdAt),
    expires_at: time(batch.expiresAt),
    archived_at: time(now >= archivedAt ? archivedAt : undefined),
    cancel_initiated_at: time(view.cancellingAt),
    results_url: ended ? `${origin}/v1/messages/batches/${batch.id}/results` : null,
  };
}

/** A request's `result`: its message (usage on the `batch` service tier), error, or none. */
function result(batch: AnthropicBatch, index: number, state: ItemState, requestId: () => string) {
  const outcome = batch.items[index]?.outcome;
  if (state === 'canceled' || state === 'expired' || !outcome) return { type: state };
  if (outcome.ok) {
    const message = anthropicMessage(outcome.reply);
    return {
      type: 'succeeded',
      message: { ...message, usage: { ...message.usage, service_tier: 'batch' } },
    };
  }
  const error = anthropicErrorReply(outcome.status, outcome.message, { requestId: requestId() });
  return { type: 'errored', error: error.body };
}

/** The results file: one `{custom_id, result}` line per request, in input order. */
export function anthropicResults(batch: AnthropicBatch, view: BatchView, requestId: () => string) {
  return view.items
    .map((state, index) => ({
      custom_id: batch.data.customIds[index],
      result: result(batch, index, state, requestId),
    }))
    .map((line) => `${JSON.stringify(line)}\n`)
    .join('');
}
