import { type GenerateResponse, LlmuxError, toLlmuxError } from '@llmux/core';
import type { BatchOutcome } from './batch-item.js';
import type { JobContext } from './job-context.js';
import type { JobRecord } from './job-record.js';
import { withAttempts } from './with-attempts.js';

export type LiveOutcome =
  | { ok: true; response: GenerateResponse }
  | Omit<Extract<BatchOutcome, { ok: false }>, 'id'>;

const stopped = () =>
  new LlmuxError({ kind: 'cancelled', message: 'The batch job stopped running here' });

/**
 * Answers a job's `live` items through the live model, `liveConcurrency` at a time, each with
 * its deadline, and its batch attempts before the live ones in its trace. A call stopped here
 * (the job was cancelled, or this process stops driving it) reports nothing: the item stays
 * `live`, for whoever drives the job next.
 */
export function createLiveCalls(
  context: JobContext,
  jobId: string,
  settle: (index: number, outcome: LiveOutcome) => Promise<void>,
) {
  const running = new Map<number, AbortController>();

  async function run(index: number, record: JobRecord, call: AbortController): Promise<void> {
    const item = record.items[index]!;
    let outcome: LiveOutcome;
    try {
      const [request] = await context.jobs.readRequests(jobId, [index]);
      const response = await context.live!.generate({
        ...request!,
        signal: call.signal,
        ...(item.deadlineAt !== undefined && { deadlineAt: item.deadlineAt }),
      });
      const attempts = [...item.attempts, ...response.trace.attempts];
      outcome = { ok: true, response: { ...response, trace: { ...response.trace, attempts } } };
    } catch (error) {
      outcome = { ok: false, error: withAttempts(toLlmuxError(error), item.attempts) };
    }
    if (!call.signal.aborted) await settle(index, outcome);
  }

  return {
    /** Starts calls for the live items not yet running, up to the concurrency. */
    start(record: JobRecord): void {
      if (!context.live) return;
      for (const [index, item] of record.items.entries()) {
        if (running.size >= context.liveConcurrency) return;
        if (item.state !== 'live' || running.has(index)) continue;
        const call = new AbortController();
        running.set(index, call);
        void run(index, record, call).finally(() => running.delete(index));
      }
    },
    stop(): void {
      for (const call of running.values()) call.abort(stopped());
    },
  };
}
