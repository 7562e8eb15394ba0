import { type GenerateRequest, type LlmuxError, toLlmuxError } from '@llmux/core';
import { estimatedBatchCost } from './batch-cost.js';
import { emitBatch } from './batch-events.js';
import { batchAttempt } from './collect-batch.js';
import { adapterOf, type JobContext } from './job-context.js';
import type { JobWork } from './job-work.js';
import { moveOn } from './move-on.js';

/** Queued items by the candidate they wait for. */
function queuedGroups(work: JobWork): Array<{ provider: string; model: string; items: number[] }> {
  const groups = new Map<string, { provider: string; model: string; items: number[] }>();
  for (const [index, item] of work.record.items.entries()) {
    if (item.state !== 'queued') continue;
    const { provider, model } = item.candidates[item.at]!;
    const key = `${provider}\u0000${model}`;
    const group = groups.get(key) ?? { provider, model, items: [] };
    group.items.push(index);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/**
 * Asks the budget about each tenant's share of a group; items it refuses fail with its error.
 * Returns the items that may go.
 */
async function reserve(
  context: JobContext,
  work: JobWork,
  group: { provider: string; model: string; items: number[] },
  requests: Map<number, GenerateRequest>,
): Promise<number[]> {
  const { budget } = context;
  if (!budget) return group.items;
  const byTenant = new Map<string | undefined, number[]>();
  for (const index of group.items) {
    const { tenant } = work.item(index);
    byTenant.set(tenant, [...(byTenant.get(tenant) ?? []), index]);
  }
  const allowed: number[] = [];
  for (const [tenant, items] of byTenant) {
    const costUsd = items.reduce(
      (sum, index) =>
        sum +
        estimatedBatchCost(
          requests.get(index)!,
          group,
          context.catalog,
          context.defaultMaxOutputTokens,
        ),
      0,
    );
    try {
      await budget.reserve({
        ...(tenant !== undefined && { tenant }),
        ...group,
        items: items.length,
        costUsd,
      });
      allowed.push(...items);
    } catch (error) {
      for (const index of items) work.fail(index, toLlmuxError(error));
    }
  }
  return allowed;
}

/**
 * Sends each candidate's queued items as one provider batch. The record says `submitting` (and
 * is stored) before the provider is called, so a process that dies meanwhile leaves its
 * successor a batch to send again rather than one it cannot see. Items a batch API refuses or
 * fails to take move on, and those sent to their next candidate go in the same step.
 */
export async function submitQueued(
  context: JobContext,
  work: JobWork,
  save: () => Promise<void>,
): Promise<void> {
  const { record } = work;
  for (let groups = queuedGroups(work); groups.length > 0; groups = queuedGroups(work)) {
    for (const group of groups) {
      const loaded = await context.jobs.readRequests(record.id, group.items);
      const requests = new Map(group.items.map((index, i) => [index, loaded[i]!]));
      const items = await reserve(context, work, group, requests);
      if (items.length === 0) continue;
      const batchIndex =
        record.batches.push({
          provider: group.provider,
          model: group.model,
          items,
          submittedAt: context.clock.now(),
          state: 'submitting',
        }) - 1;
      const batch = record.batches[batchIndex]!;
      for (const index of items) work.send(index, batchIndex);
      await save();

      let refused: Array<LlmuxError | undefined> = [];
      try {
        const sent = await adapterOf(context, group.provider).submit(
          group.model,
          items.map((index) => requests.get(index)!),
          `${record.id}-${batchIndex}`,
        );
        refused = sent.refused;
        batch.ref = sent.ref;
        batch.state = sent.ref ? 'running' : 'failed';
      } catch (error) {
        // The batch as a whole was not taken: every item moves on, whatever the reason.
        const failure = toLlmuxError(error, { provider: group.provider, model: group.model });
        batch.state = 'failed';
        batch.endedAt = context.clock.now();
        for (const index of items) {
          work.attempt(index, batchAttempt(work.item(index), batch, batch.endedAt, failure));
          moveOn(work, index, failure, context, true);
        }
        await save();
        continue;
      }
      for (const [position, index] of items.entries()) {
        const error = refused[position];
        if (!error) continue;
        work.attempt(index, batchAttempt(work.item(index), batch, context.clock.now(), error));
        moveOn(work, index, error, context);
      }
      if (batch.ref) {
        emitBatch(context.observer, {
          type: 'batch-submitted',
          jobId: record.id,
          provider: group.provider,
          model: group.model,
          batchId: batch.ref.id,
          items: items.length - refused.filter(Boolean).length,
          at: batch.submittedAt,
        });
      } else {
        batch.endedAt = context.clock.now();
      }
      await save();
    }
  }
}
