import type { ProviderBatchRecord } from './job-record.js';
import { allSettled, type ItemState, type JobRecord } from './job-record.js';

export type BatchJobState = 'running' | 'cancelling' | 'completed' | 'cancelled';

/** A job as its callers see it. */
export interface BatchJob {
  id: string;
  state: BatchJobState;
  tenant?: string;
  metadata?: Record<string, string>;
  createdAt: number;
  deadlineAt?: number;
  /** When the job and its results are deleted. */
  expiresAt: number;
  cancelledAt?: number;
  endedAt?: number;
  /** Items by state, and in all. */
  counts: Record<ItemState, number> & { total: number };
  /** What the items that succeeded cost, at batch prices (live answers at theirs). */
  costUsd: number;
  /** The provider batches it made, oldest first. */
  batches: Array<
    Pick<ProviderBatchRecord, 'provider' | 'model' | 'state' | 'submittedAt' | 'endedAt'> & {
      /** The provider's id of the batch, once it took it. */
      id?: string;
      items: number;
    }
  >;
}

export function toBatchJob(record: JobRecord): BatchJob {
  const counts = {
    total: record.items.length,
    queued: 0,
    submitted: 0,
    live: 0,
    succeeded: 0,
    failed: 0,
  };
  let costUsd = 0;
  for (const item of record.items) {
    counts[item.state]++;
    costUsd += item.costUsd ?? 0;
  }
  const settled = allSettled(record);
  const cancelled = record.cancelledAt !== undefined;
  return {
    id: record.id,
    state: settled ? (cancelled ? 'cancelled' : 'completed') : cancelled ? 'cancelling' : 'running',
    ...(record.tenant !== undefined && { tenant: record.tenant }),
    ...(record.metadata && { metadata: record.metadata }),
    createdAt: record.createdAt,
    ...(record.deadlineAt !== undefined && { deadlineAt: record.deadlineAt }),
    expiresAt: record.expiresAt,
    ...(cancelled && { cancelledAt: record.cancelledAt }),
    ...(record.endedAt !== undefined && { endedAt: record.endedAt }),
    counts,
    costUsd,
    batches: record.batches.map((batch) => ({
      provider: batch.provider,
      model: batch.model,
      state: batch.state,
      submittedAt: batch.submittedAt,
      ...(batch.endedAt !== undefined && { endedAt: batch.endedAt }),
      ...(batch.ref && { id: batch.ref.id }),
      items: batch.items.length,
    })),
  };
}
