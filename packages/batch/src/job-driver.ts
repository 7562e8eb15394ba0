import { LlmuxError, toLlmuxError } from '@llmux/core';
import { emitBatch } from './batch-events.js';
import type { JobContext } from './job-context.js';
import { isClosed, type JobRecord } from './job-record.js';
import { endIfSettled, stepJob } from './job-step.js';
import { createJobWork, type JobWork } from './job-work.js';
import { createLiveCalls, type LiveOutcome } from './live-calls.js';
import { claimLease, renewLease } from './store-lease.js';

/** A write found the lease lapsed: what this process holds of the job may be stale. */
const leaseLost = new Error('the lease lapsed');
/** The job is no longer in the store (it expired). */
const jobGone = new Error('the job is gone');

export interface JobDriver {
  /** Resolves once the driver has stopped: the job closed, or `stop()`, or it lost the job. */
  readonly done: Promise<void>;
  /** Stops after the step in progress; live calls are left for the next driver. */
  stop(): Promise<void>;
  /** Takes the next step now rather than at the next poll (a cancel came in). */
  wake(): void;
}

/**
 * Drives one job while this process holds its lease: a step at once and then every
 * `pollIntervalMs`, and the live calls in between. Steps and live answers are applied one at a
 * time, and every store write first renews the lease, so a process that lost the job (it stalled
 * past the lease) writes nothing more; it stops once another process holds the lease. `changed`
 * is told after each write.
 */
export function createJobDriver(
  context: JobContext,
  jobId: string,
  token: string,
  changed: () => void,
  record?: JobRecord,
): JobDriver {
  const { jobs, clock, observer } = context;
  const stopping = new AbortController();
  let napping = new AbortController();
  const leaseKey = jobs.keys.lease(jobId);
  let work: JobWork | undefined = record && createJobWork(record);
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  };
  const reportFailure = (error: unknown) =>
    emitBatch(observer, {
      type: 'batch-step-failed',
      jobId,
      error: toLlmuxError(error),
      at: clock.now(),
    });

  async function save(): Promise<void> {
    const current = work!;
    if (!(await renewLease(jobs.store, leaseKey, token, context.leaseMs))) throw leaseLost;
    await Promise.all(
      [...current.outcomes].map(([index, outcome]) =>
        jobs.writeOutcome(current.record, index, outcome),
      ),
    );
    current.outcomes.clear();
    await jobs.write(current.record);
    changed();
    for (const task of current.afterStore.splice(0)) await task().catch(reportFailure);
    for (const move of current.moves.values()) {
      emitBatch(observer, { type: 'batch-moved', jobId, ...move, at: clock.now() });
    }
    current.moves.clear();
  }

  const live = createLiveCalls(context, jobId, (index, outcome: LiveOutcome) =>
    serially(async () => {
      if (work?.item(index).state !== 'live') return;
      if (outcome.ok) work.succeed(index, outcome.response);
      else work.fail(index, outcome.error);
      await save();
      await endIfSettled(context, work, save);
      live.start(work.record);
    }).catch((error: unknown) => {
      // A lapsed lease leaves the item live, for the next driver to ask again.
      if (error !== leaseLost) reportFailure(error);
    }),
  );

  async function step(): Promise<JobRecord> {
    if (!work) {
      const stored = await jobs.read(jobId);
      if (!stored) throw jobGone;
      work = createJobWork(stored);
    }
    await stepJob(context, work, save);
    // The owner keeps the job in its tenant's list: see JobStore.index.
    await jobs.index(work.record, context.retentionMs);
    return work.record;
  }

  /**
   * Renews the lease before a step. One that lapsed (this process stalled) is claimed again if
   * nobody took it meanwhile, and the job read afresh: another process may have driven it.
   */
  async function holdLease(): Promise<boolean> {
    if (await renewLease(jobs.store, leaseKey, token, context.leaseMs)) return true;
    work = undefined;
    const lease = { ttlMs: context.leaseMs, settleMs: context.claimSettleMs, clock };
    return claimLease(jobs.store, leaseKey, token, lease);
  }

  async function loop(): Promise<void> {
    try {
      while (!stopping.signal.aborted) {
        try {
          if (!(await holdLease())) return;
          const current = await serially(step);
          if (current.cancelledAt !== undefined) live.stop();
          else live.start(current);
          if (isClosed(current)) {
            await jobs.store.delete(leaseKey);
            return;
          }
        } catch (error) {
          if (error === jobGone) return;
          if (error !== leaseLost) reportFailure(error);
        }
        napping = new AbortController();
        const nap = AbortSignal.any([stopping.signal, napping.signal]);
        await clock.sleep(context.pollIntervalMs, nap).catch(() => undefined);
      }
      // Stopped here: the lease goes now, so that another process takes the job over at once.
      live.stop();
      await serially(async () => {
        if ((await jobs.store.get(leaseKey)) === token) await jobs.store.delete(leaseKey);
      }).catch(reportFailure);
    } finally {
      live.stop();
    }
  }

  const done = loop();
  return {
    done,
    async stop() {
      stopping.abort(new LlmuxError({ kind: 'cancelled', message: 'The batch manager closed' }));
      await done;
    },
    wake: () => napping.abort(),
  };
}
