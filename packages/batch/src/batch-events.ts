import type { LlmuxError } from '@llmux/core';
import type { ProviderBatchState } from './batch-adapter.js';
import type { CandidateRef } from './batch-item.js';
import type { BatchJobState } from './batch-job.js';

/** What the batch layer reports: a library never prints, the app decides what to do with these. */
export type BatchEvent =
  | {
      type: 'batch-submitted';
      jobId: string;
      provider: string;
      model: string;
      /** The provider's id of the batch. */
      batchId: string;
      items: number;
      at: number;
    }
  | {
      type: 'batch-ended';
      jobId: string;
      provider: string;
      model: string;
      batchId: string;
      state: Exclude<ProviderBatchState, 'running'>;
      succeeded: number;
      failed: number;
      /** Items it ended without answering (expired, cancelled), moved on unless cancelled. */
      unanswered: number;
      at: number;
    }
  | {
      /** Items go to their next candidate, or live. */
      type: 'batch-moved';
      jobId: string;
      items: number;
      from: CandidateRef;
      to: CandidateRef | 'live';
      reason: string;
      at: number;
    }
  | {
      /** A step of the job failed (a provider or the store did not answer); the next poll tries again. */
      type: 'batch-step-failed';
      jobId: string;
      error: LlmuxError;
      at: number;
    }
  | {
      /** This process took a job over whose driver stopped renewing its lease. */
      type: 'batch-job-taken-over';
      jobId: string;
      at: number;
    }
  | {
      type: 'batch-job-ended';
      jobId: string;
      state: Extract<BatchJobState, 'completed' | 'cancelled'>;
      succeeded: number;
      failed: number;
      costUsd: number;
      at: number;
    }
  | {
      /** The batching layer sent the requests it collected: to a job, or live. */
      type: 'batch-collected';
      items: number;
      to: 'job' | 'live';
      jobId?: string;
      at: number;
    };

export type BatchObserver = (event: BatchEvent) => void;

/** Calls the observer, if any; an observer that throws never breaks a job. */
export const emitBatch = (observer: BatchObserver | undefined, event: BatchEvent): void => {
  if (!observer) return;
  try {
    observer(event);
  } catch {
    // The app's observer; its failures are its own to report.
  }
};
