import { LlmuxError, toLlmuxError } from '@llmux/core';
import { emitBatch } from './batch-events.js';
import { toBatchJob } from './batch-job.js';
import { batchAttempt, collectBatch, jobCancelled } from './collect-batch.js';
import { adapterOf, type JobContext } from './job-context.js';
import { allSettled } from './job-record.js';
import type { JobWork } from './job-work.js';
import { submitQueued } from './submit-queued.js';
import { withAttempts } from './with-attempts.js';

/** A cancel taken up: what waits in line or runs live ends now; batches are cancelled below. */
function cancelJob(work: JobWork, now: number): void {
  work.record.cancelledAt = now;
  for (const [index, item] of work.record.items.entries()) {
    if (item.state === 'queued' || item.state === 'live')
      work.fail(index, jobCancelled(item.attempts));
  }
}

/**
 * A batch still `submitting` at the start of a step was being sent by a process that stopped
 * before it knew whether the provider took it: its items are queued again for the same candidate.
 */
function requeueUnsent(work: JobWork, now: number): void {
  for (const [index, batch] of work.record.batches.entries()) {
    if (batch.state !== 'submitting') continue;
    batch.state = 'failed';
    batch.endedAt = now;
    for (const itemIndex of batch.items) {
      const item = work.item(itemIndex);
      if (item.state === 'submitted' && item.batch === index) work.requeue(itemIndex);
    }
  }
}

/**
 * Items whose deadline is near go live, with a live model; without one, they fail with
 * `timeout` once it has passed. The batch an item leaves counts as an attempt that timed out.
 */
function applyDeadlines(context: JobContext, work: JobWork, now: number): void {
  for (const [index, item] of work.record.items.entries()) {
    if (item.deadlineAt === undefined) continue;
    if (item.state !== 'queued' && item.state !== 'submitted') continue;
    const goLive = context.live !== undefined && now >= item.deadlineAt - context.liveMarginMs;
    if (!goLive && now < item.deadlineAt) continue;
    if (item.state === 'submitted') {
      const batch = work.record.batches[item.batch!]!;
      const error = new LlmuxError({
        kind: 'timeout',
        message: goLive
          ? 'Its deadline was near: answered live instead'
          : 'The batch did not answer it by its deadline',
        provider: batch.provider,
        model: batch.model,
      });
      work.attempt(index, batchAttempt(item, batch, now, error));
    }
    if (goLive) {
      work.move(index, 'live', 'deadline');
    } else {
      const error = new LlmuxError({ kind: 'timeout', message: 'Not answered by its deadline' });
      work.fail(index, withAttempts(error, item.attempts));
    }
  }
}

/** Cancels the provider batches nobody waits on any more (a cancelled job, items gone live). */
async function cancelAbandoned(context: JobContext, work: JobWork): Promise<void> {
  const { record } = work;
  for (const [index, batch] of record.batches.entries()) {
    if (batch.state !== 'running' || batch.cancelSent) continue;
    const waitedOn = record.items.some(
      (item) => item.state === 'submitted' && item.batch === index,
    );
    if (waitedOn && record.cancelledAt === undefined) continue;
    await adapterOf(context, batch.provider).cancel(batch.ref!);
    batch.cancelSent = true;
  }
}

/** Runs `part`; a failure is reported and left for the next step to try again. */
async function attempt(context: JobContext, jobId: string, part: () => Promise<void>) {
  try {
    await part();
  } catch (error) {
    const at = context.clock.now();
    emitBatch(context.observer, {
      type: 'batch-step-failed',
      jobId,
      error: toLlmuxError(error),
      at,
    });
  }
}

/**
 * One step of a job, by the process holding its lease: takes up a cancel, collects the batches
 * that are over, applies deadlines, cancels abandoned batches, sends what is queued, and notes
 * the end. `save` stores the record (after the outcomes it settles).
 */
export async function stepJob(
  context: JobContext,
  work: JobWork,
  save: () => Promise<void>,
): Promise<void> {
  const { record } = work;
  const now = context.clock.now();
  if (record.cancelledAt === undefined && (await context.jobs.cancelRequested(record.id))) {
    cancelJob(work, now);
  }
  requeueUnsent(work, now);
  for (const [index, batch] of record.batches.entries()) {
    if (batch.state === 'running')
      await attempt(context, record.id, () => collectBatch(context, work, index));
  }
  applyDeadlines(context, work, context.clock.now());
  await attempt(context, record.id, () => cancelAbandoned(context, work));
  await save();
  await submitQueued(context, work, save);
  await endIfSettled(context, work, save);
}

/** Notes when the last item settled, once. */
export async function endIfSettled(
  context: JobContext,
  work: JobWork,
  save: () => Promise<void>,
): Promise<void> {
  const { record } = work;
  if (!allSettled(record) || record.endedAt !== undefined) return;
  record.endedAt = context.clock.now();
  await save();
  const job = toBatchJob(record);
  emitBatch(context.observer, {
    type: 'batch-job-ended',
    jobId: record.id,
    state: job.state === 'cancelled' ? 'cancelled' : 'completed',
    succeeded: job.counts.succeeded,
    failed: job.counts.failed,
    costUsd: job.costUsd,
    at: record.endedAt,
  });
}
