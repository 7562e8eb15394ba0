import {
  type AttemptRecord,
  type GenerateRequest,
  type GenerateResponse,
  LlmuxError,
  toLlmuxError,
} from '@llmux/core';
import type { ProviderBatchStatus, ProviderItemResult } from './batch-adapter.js';
import { batchCost } from './batch-cost.js';
import { emitBatch } from './batch-events.js';
import { adapterOf, type JobContext } from './job-context.js';
import type { ItemRecord, ProviderBatchRecord } from './job-record.js';
import type { JobWork } from './job-work.js';
import { moveOn } from './move-on.js';

/** Why a batch that is over did not answer an item. */
function unanswered(status: ProviderBatchStatus, batch: ProviderBatchRecord): LlmuxError {
  const { provider, model } = batch;
  if (status.error) return status.error;
  if (status.state === 'cancelled') {
    return new LlmuxError({
      kind: 'cancelled',
      message: `The ${provider} batch was cancelled before answering it`,
      provider,
      model,
    });
  }
  if (status.state === 'expired') {
    return new LlmuxError({
      kind: 'timeout',
      message: `The ${provider} batch expired before answering it`,
      provider,
      model,
    });
  }
  return new LlmuxError({
    kind: 'server_error',
    message: `The ${provider} batch ended without an answer for it`,
    provider,
    model,
  });
}

/** How an item ends that a cancel of its job stopped. */
export const jobCancelled = (attempts: AttemptRecord[]) =>
  new LlmuxError({ kind: 'cancelled', message: 'The batch job was cancelled', attempts });

/** A batch attempt of an item, from the batch's submission to now. */
export function batchAttempt(
  item: ItemRecord,
  batch: ProviderBatchRecord,
  now: number,
  error?: LlmuxError,
): AttemptRecord {
  const { provider, model } = batch;
  const earlier = item.attempts.filter((a) => a.provider === provider && a.model === model);
  return {
    provider,
    model,
    attempt: earlier.length + 1,
    startedAt: batch.submittedAt,
    latencyMs: now - batch.submittedAt,
    outcome: error ? 'error' : 'success',
    ...(error && {
      errorKind: error.kind,
      ...(error.status !== undefined && { status: error.status }),
      message: error.message,
    }),
  };
}

/**
 * A batch answer as the caller gets it: at batch prices (and what they saved), timed from its
 * submission, with its attempts.
 */
function batchResponse(
  response: GenerateResponse,
  request: GenerateRequest,
  item: ItemRecord,
  batch: ProviderBatchRecord,
  context: JobContext,
  now: number,
): GenerateResponse {
  const { costUsd, savedUsd, warning } = batchCost(response, batch.model, context.catalog);
  const { timeToFirstTokenMs: _, ...answer } = response;
  return {
    ...answer,
    costUsd,
    latencyMs: now - batch.submittedAt,
    warnings: warning ? [...response.warnings, warning] : response.warnings,
    trace: {
      ...(request.route && { routeReason: request.route.reason, plan: request.route.candidates }),
      attempts: item.attempts,
      batchSavedUsd: savedUsd,
    },
  };
}

/**
 * Asks the provider where one of the job's batches is and, once it is over, settles its items:
 * an answer succeeds (its spend recorded), an error fails the item or moves it on, and an item
 * the batch never answered moves on (or, in a cancelled job, fails as cancelled). An answer to
 * an item that has meanwhile gone elsewhere still has its spend recorded: it was billed.
 */
export async function collectBatch(
  context: JobContext,
  work: JobWork,
  index: number,
): Promise<void> {
  const { record } = work;
  const batch = record.batches[index]!;
  const adapter = adapterOf(context, batch.provider);
  const ref = batch.ref!;
  const status = await adapter.status(ref);
  if (status.state === 'running') return;
  const requests = await context.jobs.readRequests(record.id, batch.items);
  const results: ProviderItemResult[] =
    status.state === 'failed' ? [] : await adapter.results(ref, batch.model, requests);
  const now = context.clock.now();
  const counts = { succeeded: 0, failed: 0, unanswered: 0 };

  for (const [position, itemIndex] of batch.items.entries()) {
    const item = work.item(itemIndex);
    const result = results[position];
    const waiting = item.state === 'submitted' && item.batch === index;
    if (result?.ok) {
      counts.succeeded++;
      if (waiting) work.attempt(itemIndex, batchAttempt(item, batch, now));
      const response = batchResponse(
        result.response,
        requests[position]!,
        item,
        batch,
        context,
        now,
      );
      // Once the record says the batch is over, so that a step tried again counts it once.
      work.afterStore.push(() => recordSpend(context, record.id, item, batch, response));
      if (waiting) work.succeed(itemIndex, response);
      continue;
    }
    if (!waiting) continue;
    if (result) {
      counts.failed++;
      work.attempt(itemIndex, batchAttempt(item, batch, now, result.error));
      moveOn(work, itemIndex, result.error, context);
      continue;
    }
    counts.unanswered++;
    const error = unanswered(status, batch);
    work.attempt(itemIndex, batchAttempt(item, batch, now, error));
    if (record.cancelledAt !== undefined) {
      work.fail(itemIndex, jobCancelled(item.attempts));
    } else {
      moveOn(work, itemIndex, error, context, true);
    }
  }
  batch.state = status.state;
  batch.endedAt = now;
  if (adapter.discard) work.afterStore.push(() => adapter.discard!(ref));
  emitBatch(context.observer, {
    type: 'batch-ended',
    jobId: record.id,
    provider: batch.provider,
    model: batch.model,
    batchId: ref.id,
    state: status.state,
    ...counts,
    at: now,
  });
}

/** Counts an answer against the budget; a budget that cannot be told must not lose the answer. */
async function recordSpend(
  context: JobContext,
  jobId: string,
  item: ItemRecord,
  batch: ProviderBatchRecord,
  response: GenerateResponse,
): Promise<void> {
  const { budget } = context;
  if (!budget) return;
  try {
    await budget.record({
      ...(item.tenant !== undefined && { tenant: item.tenant }),
      provider: batch.provider,
      model: batch.model,
      usage: response.usage,
      costUsd: response.costUsd,
    });
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
