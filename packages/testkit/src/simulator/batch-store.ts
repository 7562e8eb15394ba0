import { type Clock, startTimer } from '@llmux/core';
import type { BatchCounters } from './batch-counters.js';
import { type BatchView, endsAt, isEnded, type SimBatch, viewBatch } from './batch-timeline.js';

/** A file held by a simulator: a batch input uploaded, or a batch's results. */
export interface SimFile {
  id: string;
  filename: string;
  /** OpenAI's `purpose` (`batch`, `batch_output`); Gemini's files use `upload` and `batch_output`. */
  purpose: string;
  mimeType: string;
  bytes: Buffer;
  createdAt: number;
}

/** Adds an ended batch to the counters. */
function tally(counters: BatchCounters, batch: SimBatch, view: BatchView): void {
  if (isEnded(view.phase)) counters.ended[view.phase]++;
  view.items.forEach((state, index) => {
    if (state === 'pending') return;
    counters.items[state]++;
    const outcome = batch.items[index]?.outcome;
    if (state === 'succeeded' && outcome?.ok) {
      counters.inputTokens += outcome.reply.usage.inputTokens;
      counters.outputTokens += outcome.reply.usage.outputTokens;
    }
  });
}

/**
 * The batches and files of one simulator. A batch ends on the clock: a timer settles it at its
 * end (counting it, and calling its `onEnded`), and any read after that moment settles it first,
 * so what a test reads never depends on which came first.
 */
export function createBatchStore(clock: Clock, counters: () => BatchCounters) {
  const batches = new Map<string, SimBatch>();
  const timers = new Map<string, () => void>();
  const settled = new Set<string>();
  const files = new Map<string, SimFile>();
  const uploads = new Map<string, SimFile>();

  const stopTimer = (id: string) => {
    timers.get(id)?.();
    timers.delete(id);
  };
  const settle = (batch: SimBatch) => {
    if (settled.has(batch.id)) return;
    settled.add(batch.id);
    stopTimer(batch.id);
    const view = viewBatch(batch, endsAt(batch));
    tally(counters(), batch, view);
    batch.onEnded?.(view);
  };
  const settledNow = <B extends SimBatch>(batch: B): B => {
    if (clock.now() >= endsAt(batch)) settle(batch);
    return batch;
  };
  const schedule = (batch: SimBatch) => {
    stopTimer(batch.id);
    const wait = Math.max(0, endsAt(batch) - clock.now());
    timers.set(
      batch.id,
      startTimer(clock, wait, () => settle(batch)),
    );
  };

  return {
    files,
    /** Files being uploaded in chunks (Gemini's resumable uploads), by upload id. */
    uploads,
    add(batch: SimBatch): void {
      batches.set(batch.id, batch);
      counters().created++;
      counters().items.submitted += batch.items.length;
      schedule(batch);
    },
    /** The batch, settled first if it has ended. */
    get<Data>(id: string): SimBatch<Data> | undefined {
      const batch = batches.get(id) as SimBatch<Data> | undefined;
      return batch && settledNow(batch);
    },
    /** Every batch, newest first, each settled first if it has ended. */
    list<Data>(): Array<SimBatch<Data>> {
      return [...batches.values()].reverse().map((batch) => settledNow(batch as SimBatch<Data>));
    },
    /** Cancels now: processing stops, and the batch ends `cancellingMs` later. */
    cancel(batch: SimBatch): void {
      batch.cancelledAt = clock.now();
      schedule(batch);
    },
    delete(id: string): void {
      stopTimer(id);
      batches.delete(id);
    },
    /** Forgets every batch and file and stops every timer. */
    clear(): void {
      for (const id of [...timers.keys()]) stopTimer(id);
      batches.clear();
      settled.clear();
      files.clear();
      uploads.clear();
    },
  };
}

export type BatchStore = ReturnType<typeof createBatchStore>;
