import { cancelledError, LlmuxError, toLlmuxError } from '@llmux/core';
import { emitBatch } from './batch-events.js';
import type { BatchOutcome } from './batch-item.js';
import { type BatchJob, toBatchJob } from './batch-job.js';
import { type BatchManagerOptions, resolveOptions } from './batch-manager-options.js';
import type { JobContext } from './job-context.js';
import { createJobDriver, type JobDriver } from './job-driver.js';
import { allSettled, isClosed, isSettled, type JobRecord } from './job-record.js';
import { createJobStore } from './job-store.js';
import { type BatchJobInput, newJob } from './new-job.js';
import { claimLease } from './store-lease.js';

export interface WaitOptions {
  /** Stops waiting (the job runs on) with `cancelled`. */
  signal?: AbortSignal;
}

/** Runs many requests through the providers' batch APIs as jobs that any process can collect. */
export interface BatchManager {
  /** Stores a job and starts it; its batches go out in the background. */
  submit(job: BatchJobInput): Promise<BatchJob>;
  /** Where a job is; undefined for one the store does not have (never made, or expired). */
  get(jobId: string): Promise<BatchJob | undefined>;
  /** The outcomes of the items settled so far, in item order. */
  results(jobId: string): Promise<BatchOutcome[]>;
  /** Resolves with every item's outcome, in item order, once all are settled. */
  wait(jobId: string, options?: WaitOptions): Promise<BatchOutcome[]>;
  /** Resolves with one item's outcome once it is settled. */
  outcome(jobId: string, itemId: string, options?: WaitOptions): Promise<BatchOutcome>;
  /**
   * Cancels a job: items not yet answered fail with `cancelled` (answers that come back from
   * batches being cancelled are kept, as the providers' partial results).
   */
  cancel(jobId: string): Promise<BatchJob>;
  /** A tenant's jobs (without one: jobs submitted without a tenant), newest first. */
  list(tenant?: string): Promise<BatchJob[]>;
  /** Stops driving jobs here; their leases are released, so another process takes them over. */
  close(): Promise<void>;
}

const unknownJob = (jobId: string) =>
  new LlmuxError({ kind: 'not_found', message: `No batch job ${jobId}` });

/**
 * The batch job manager. A job's state lives in the store; the process that holds its lease
 * drives it (submits, polls, collects, moves items on), and any process reading a job whose
 * driver stopped renewing its lease (it crashed, or closed) takes it over. See the README.
 */
export function createBatchManager(options: BatchManagerOptions): BatchManager {
  const resolved = resolveOptions(options);
  const { clock, ids, observer, store } = resolved;
  const jobs = createJobStore(store, clock);
  const adapters = new Map(resolved.adapters.map((adapter) => [adapter.provider, adapter]));
  const providers = new Set(adapters.keys());
  const context: JobContext = { ...resolved, adapters, providers, jobs };
  /** This process, as a lease holder. */
  const token = ids();
  const drivers = new Map<string, JobDriver>();
  const claiming = new Set<string>();
  const listeners = new Map<string, Set<() => void>>();
  let closed = false;

  const notify = (jobId: string) => {
    for (const listener of listeners.get(jobId) ?? []) listener();
  };

  function drive(jobId: string, record?: JobRecord): void {
    const driver = createJobDriver(context, jobId, token, () => notify(jobId), record);
    drivers.set(jobId, driver);
    void driver.done.finally(() => drivers.delete(jobId));
  }

  /** Takes a job over when nobody holds its lease. */
  async function adopt(jobId: string): Promise<void> {
    if (closed || drivers.has(jobId) || claiming.has(jobId)) return;
    claiming.add(jobId);
    try {
      const lease = { ttlMs: context.leaseMs, settleMs: context.claimSettleMs, clock };
      if (!(await claimLease(store, jobs.keys.lease(jobId), token, lease)) || closed) return;
      emitBatch(observer, { type: 'batch-job-taken-over', jobId, at: clock.now() });
      drive(jobId);
    } finally {
      claiming.delete(jobId);
    }
  }

  /** Reads a job, taking it over (in the background) if it is not over and nobody drives it. */
  async function read(jobId: string): Promise<JobRecord | undefined> {
    const record = await jobs.read(jobId);
    // A failed takeover (the store is down) is tried again by the next read.
    if (record && !isClosed(record)) void adopt(jobId).catch(() => undefined);
    return record;
  }

  /** Waits for the next change to a job here, or one poll interval. */
  function changed(jobId: string, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const wake = new AbortController();
      const listener = () => wake.abort();
      const set = listeners.get(jobId) ?? new Set();
      listeners.set(jobId, set.add(listener));
      const stop = () => wake.abort();
      signal?.addEventListener('abort', stop, { once: true });
      void clock
        .sleep(context.pollIntervalMs, wake.signal)
        .catch(() => undefined)
        .then(() => {
          set.delete(listener);
          if (set.size === 0) listeners.delete(jobId);
          signal?.removeEventListener('abort', stop);
          resolve();
        });
    });
  }

  async function watch(
    jobId: string,
    done: (record: JobRecord) => boolean,
    signal?: AbortSignal,
  ): Promise<JobRecord> {
    for (;;) {
      if (signal?.aborted) throw cancelledError(signal);
      const record = await read(jobId);
      if (!record) throw unknownJob(jobId);
      if (done(record)) return record;
      await changed(jobId, signal);
    }
  }

  const outcomesOf = (record: JobRecord) =>
    Promise.all(
      record.items.flatMap((item, index) =>
        isSettled(item) ? [jobs.readOutcome(record.id, index)] : [],
      ),
    );

  return {
    async submit(input) {
      if (closed) {
        throw new LlmuxError({ kind: 'cancelled', message: 'The batch manager is closed' });
      }
      const { record, requests } = newJob(input, {
        id: `batch_${ids()}`,
        now: clock.now(),
        retentionMs: context.retentionMs,
        candidates: resolved.candidates,
        providers,
        live: context.live !== undefined,
      });
      // The lease first: a record stored before it failed could be taken over by a reader, and
      // run, though the caller was told the submission failed.
      await store.set(jobs.keys.lease(record.id), token, context.leaseMs);
      await jobs.writeRequests(record, requests);
      await jobs.write(record);
      drive(record.id, record);
      // The driver keeps the job in its tenant's list too, at every poll.
      await jobs.index(record, context.retentionMs).catch((error: unknown) => {
        const at = clock.now();
        emitBatch(observer, {
          type: 'batch-step-failed',
          jobId: record.id,
          error: toLlmuxError(error),
          at,
        });
      });
      return toBatchJob(record);
    },

    async get(jobId) {
      const record = await read(jobId);
      return record && toBatchJob(record);
    },

    async results(jobId) {
      const record = await read(jobId);
      if (!record) throw unknownJob(jobId);
      return outcomesOf(record);
    },

    async wait(jobId, { signal } = {}) {
      return outcomesOf(await watch(jobId, allSettled, signal));
    },

    async outcome(jobId, itemId, { signal } = {}) {
      const indexIn = (record: JobRecord) => {
        const index = record.items.findIndex((item) => item.id === itemId);
        if (index >= 0) return index;
        throw new LlmuxError({
          kind: 'not_found',
          message: `No item ${itemId} in batch job ${jobId}`,
        });
      };
      const record = await watch(
        jobId,
        (current) => isSettled(current.items[indexIn(current)]!),
        signal,
      );
      return jobs.readOutcome(jobId, indexIn(record));
    },

    async cancel(jobId) {
      const record = await read(jobId);
      if (!record) throw unknownJob(jobId);
      if (allSettled(record)) return toBatchJob(record);
      await jobs.requestCancel(record);
      drivers.get(jobId)?.wake();
      return { ...toBatchJob(record), state: 'cancelling' };
    },

    async list(tenant) {
      const entries = await jobs.list(tenant);
      const records = await Promise.all(entries.map((entry) => read(entry.id)));
      return records.filter((record) => record !== undefined).map(toBatchJob);
    },

    async close() {
      closed = true;
      await Promise.all([...drivers.values()].map((driver) => driver.stop()));
    },
  };
}
