import type { BatchPhase, BatchView, ItemState, SimBatch } from '../simulator/batch-timeline.js';
import { generateContentBody } from './gemini-response.js';
import { rpcStatus } from './gemini-rpc-status.js';

/** What the simulator keeps of a Gemini batch besides the engine's model of it. */
export interface GeminiBatchData {
  displayName: string;
  /** Each request's tag, in input order: `metadata` of an inlined request, `key` of a file line. */
  tags: Array<{ metadata?: unknown; key?: unknown }>;
  /** The input file, for a batch of a file; its results then go to `responsesFile`. */
  inputFile?: string;
  responsesFile?: string;
  /** Why the batch failed as a whole. */
  error?: { code: number; message: string };
}

export type GeminiBatch = SimBatch<GeminiBatchData>;

const API_TYPE = 'type.googleapis.com/google.ai.generativelanguage.v1main';

const states: Record<BatchPhase, string> = {
  queued: 'BATCH_STATE_PENDING',
  running: 'BATCH_STATE_RUNNING',
  finalizing: 'BATCH_STATE_RUNNING',
  // The API has no cancelling state: a batch runs until the cancel takes effect.
  cancelling: 'BATCH_STATE_RUNNING',
  completed: 'BATCH_STATE_SUCCEEDED',
  failed: 'BATCH_STATE_FAILED',
  expired: 'BATCH_STATE_EXPIRED',
  cancelled: 'BATCH_STATE_CANCELLED',
};

/** Why an item that never ran has no response. */
const notRun = {
  canceled: rpcStatus('CANCELLED', 'The batch was cancelled before this request was processed.'),
  expired: rpcStatus('DEADLINE_EXCEEDED', 'The batch expired before this request was processed.'),
};

/** One item's result: its `GenerateContentResponse`, or a `google.rpc.Status` error. */
export function itemResult(batch: GeminiBatch, index: number, state: ItemState) {
  const outcome = batch.items[index]?.outcome;
  if (state === 'canceled' || state === 'expired') return { error: notRun[state] };
  if (!outcome || state === 'pending') return {};
  if (outcome.ok) return { response: generateContentBody(outcome.reply) };
  return { error: rpcStatus(outcome.status, outcome.message) };
}

/** `batchStats`: int64 counts as strings, and those that are zero left out, as the API sends. */
function batchStats(batch: GeminiBatch, view: BatchView) {
  const pending = view.items.filter((state) => state === 'pending').length;
  const succeeded = view.items.filter((state) => state === 'succeeded').length;
  const failed = view.items.length - pending - succeeded;
  const count = (name: string, value: number) => (value > 0 ? { [name]: String(value) } : {});
  return {
    ...count('requestCount', batch.items.length),
    ...count('successfulRequestCount', succeeded),
    ...count('failedRequestCount', failed),
    ...count('pendingRequestCount', pending),
  };
}

/** The output of an ended batch: its responses inline, in input order, or in its responses file. */
function output(batch: GeminiBatch, view: BatchView) {
  if (batch.data.responsesFile !== undefined) return { responsesFile: batch.data.responsesFile };
  const inlinedResponses = view.items.map((state, index) => {
    const { metadata } = batch.data.tags[index] ?? {};
    return { ...itemResult(batch, index, state), ...(metadata === undefined ? {} : { metadata }) };
  });
  return { inlinedResponses: { inlinedResponses } };
}

const time = (ms: number) => new Date(ms).toISOString();

/**
 * The batch as the long-running `Operation` the API answers (recorded in
 * fixtures/batch/gemini-operation-succeeded.json): the `GenerateContentBatch` in `metadata`,
 * `done` once it has ended, then its output in `response` (and in `metadata.output`, where the
 * SDK reads it) or, for a batch that failed, the reason in `error`.
 */
export function geminiBatchOperation(batch: GeminiBatch, view: BatchView) {
  const name = `batches/${batch.id}`;
  const ended = view.endedAt !== undefined;
  const result = ended && view.phase !== 'failed' ? output(batch, view) : undefined;
  const changes = [batch.createdAt, view.startedAt, view.finalizingAt, view.cancellingAt];
  const updatedAt = Math.max(...changes.filter((at) => at !== undefined), view.endedAt ?? 0);
  return {
    name,
    metadata: {
      '@type': `${API_TYPE}.GenerateContentBatch`,
      model: `models/${batch.model}`,
      ...(batch.data.displayName === '' ? {} : { displayName: batch.data.displayName }),
      ...(result ? { output: result } : {}),
      createTime: time(batch.createdAt),
      ...(ended ? { endTime: time(view.endedAt ?? 0) } : {}),
      updateTime: time(updatedAt),
      batchStats: batchStats(batch, view),
      state: states[view.phase],
      name,
    },
    ...(ended ? { done: true } : {}),
    ...(result
      ? { response: { '@type': `${API_TYPE}.GenerateContentBatchOutput`, ...result } }
      : {}),
    ...(view.phase === 'failed' && batch.data.error ? { error: batch.data.error } : {}),
  };
}
