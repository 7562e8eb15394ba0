import type { AttemptRecord, GenerateResponse, LlmuxError } from '@llmux/core';
import type { BatchOutcome, CandidateRef } from './batch-item.js';
import type { JobRecord } from './job-record.js';

/**
 * One step's changes to a job: item transitions, the outcomes to store before the record that
 * settles them, what to do once the record is stored, and the moves to report.
 */
export function createJobWork(record: JobRecord) {
  const outcomes = new Map<number, BatchOutcome>();
  const afterStore: Array<() => Promise<void>> = [];
  const moves = new Map<
    string,
    { from: CandidateRef; to: CandidateRef | 'live'; reason: string; items: number }
  >();
  const item = (index: number) => record.items[index]!;

  return {
    record,
    outcomes,
    afterStore,
    moves,
    item,
    attempt(index: number, attempt: AttemptRecord) {
      item(index).attempts.push(attempt);
    },
    /** Into the job's provider batch `batch`. */
    send(index: number, batch: number) {
      Object.assign(item(index), { state: 'submitted', batch });
    },
    /** Back in line for the same candidate: its batch was never known to be sent. */
    requeue(index: number) {
      const requeued = item(index);
      requeued.state = 'queued';
      delete requeued.batch;
    },
    succeed(index: number, response: GenerateResponse) {
      const settled = item(index);
      settled.state = 'succeeded';
      settled.costUsd = response.costUsd;
      delete settled.batch;
      outcomes.set(index, { id: settled.id, ok: true, response });
    },
    fail(index: number, error: LlmuxError) {
      const settled = item(index);
      settled.state = 'failed';
      delete settled.batch;
      outcomes.set(index, { id: settled.id, ok: false, error });
    },
    /** To candidate `at`, or live; reported as one move per destination and reason. */
    move(index: number, to: number | 'live', reason: string) {
      const moved = item(index);
      const from = moved.candidates[moved.at]!;
      delete moved.batch;
      if (to === 'live') {
        moved.state = 'live';
      } else {
        moved.state = 'queued';
        moved.at = to;
      }
      const target = to === 'live' ? 'live' : moved.candidates[to]!;
      const key = JSON.stringify([from, target, reason]);
      const entry = moves.get(key) ?? { from, to: target, reason, items: 0 };
      entry.items++;
      moves.set(key, entry);
    },
  };
}

export type JobWork = ReturnType<typeof createJobWork>;
