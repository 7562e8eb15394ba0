import type { BatchJob } from '@llmux/batch';
import { batchFileId } from './batch-files.js';

/** The labels the gateway keeps on a job: what the OpenAI batch object says of its creation. */
export interface BatchLabels {
  input_file_id: string;
  endpoint: string;
  completion_window: string;
  /** The caller's `metadata`, as JSON. */
  metadata: string;
}

const statuses = {
  running: 'in_progress',
  cancelling: 'cancelling',
  completed: 'completed',
  cancelled: 'cancelled',
} as const;

const seconds = (ms: number | undefined) => (ms === undefined ? null : Math.floor(ms / 1000));

/** A job as an OpenAI `batch` object, its output and error files named once it is over. */
export function toOpenAIBatch(job: BatchJob) {
  const labels = job.metadata as unknown as BatchLabels;
  const over = job.state === 'completed' || job.state === 'cancelled';
  const { succeeded, failed, total } = job.counts;
  return {
    id: job.id,
    object: 'batch' as const,
    endpoint: labels.endpoint,
    errors: null,
    input_file_id: labels.input_file_id,
    completion_window: labels.completion_window,
    status: statuses[job.state],
    output_file_id: over && succeeded > 0 ? batchFileId(job.id, 'output') : null,
    error_file_id: over && failed > 0 ? batchFileId(job.id, 'errors') : null,
    created_at: seconds(job.createdAt)!,
    in_progress_at: seconds(job.createdAt),
    expires_at: seconds(job.deadlineAt),
    finalizing_at: job.state === 'completed' ? seconds(job.endedAt) : null,
    completed_at: job.state === 'completed' ? seconds(job.endedAt) : null,
    failed_at: null,
    expired_at: null,
    cancelling_at: seconds(job.cancelledAt),
    cancelled_at: job.state === 'cancelled' ? seconds(job.endedAt) : null,
    request_counts: { total, completed: succeeded, failed },
    metadata: JSON.parse(labels.metadata) as Record<string, string> | null,
    /** What the answered requests cost, at batch prices (answers that went live at theirs). */
    llmux: { cost_usd: job.costUsd },
  };
}
