import type { AttemptRecord } from '@llmux/core';
import type { ProviderBatchRef, ProviderBatchState } from './batch-adapter.js';
import type { CandidateRef } from './batch-item.js';

/**
 * Where an item is: `queued` for its candidate's batch API, `submitted` in a provider batch,
 * `live` (being answered by the live model), or settled: `succeeded` or `failed`.
 */
export type ItemState = 'queued' | 'submitted' | 'live' | 'succeeded' | 'failed';

export interface ItemRecord {
  id: string;
  candidates: CandidateRef[];
  /** The candidate it is queued for or submitted to: an index into `candidates`. */
  at: number;
  state: ItemState;
  /** While submitted: its provider batch, an index into the job's `batches`. */
  batch?: number;
  /** When it must be answered by, epoch ms. */
  deadlineAt?: number;
  tenant?: string;
  /** Each provider batch it was in, and how it went there. */
  attempts: AttemptRecord[];
  /** What it cost, once succeeded. */
  costUsd?: number;
}

/** A provider batch of the job: `submitting` until the provider has taken it. */
export interface ProviderBatchRecord {
  provider: string;
  model: string;
  /** Its items, as indexes into the job's `items`; request `i` of the batch is item `items[i]`. */
  items: number[];
  submittedAt: number;
  state: 'submitting' | ProviderBatchState;
  ref?: ProviderBatchRef;
  endedAt?: number;
  /** A cancel was sent for it (the job was cancelled, or its items went elsewhere). */
  cancelSent?: boolean;
}

/** A job as the store holds it. Only the process holding the job's lease writes it. */
export interface JobRecord {
  v: 1;
  id: string;
  tenant?: string;
  metadata?: Record<string, string>;
  createdAt: number;
  deadlineAt?: number;
  /** When the job and its results are deleted from the store. */
  expiresAt: number;
  /** When a cancel was taken up. */
  cancelledAt?: number;
  /** When the last item settled. */
  endedAt?: number;
  items: ItemRecord[];
  batches: ProviderBatchRecord[];
}

export const isSettled = (item: ItemRecord): boolean =>
  item.state === 'succeeded' || item.state === 'failed';

/** Every item settled: a waiter has all its results. */
export const allSettled = (record: JobRecord): boolean => record.items.every(isSettled);

/** Nothing left to do: every item settled and every provider batch over (its spend counted). */
export const isClosed = (record: JobRecord): boolean =>
  allSettled(record) &&
  record.batches.every((batch) => batch.state !== 'running' && batch.state !== 'submitting');
