import type { BatchEnd, ItemResult } from './batch-counters.js';
import type { ResolvedReply, SimRequest } from './types.js';

/** What an item comes to once processing reaches it, settled when the batch is created. */
export type ItemOutcome =
  | { ok: true; reply: ResolvedReply }
  /** An error status with the message the provider would word. */
  | { ok: false; status: number; message: string };

export interface SimBatchItem {
  /** The request as parsed; undefined when the API refused to read it. */
  request?: SimRequest;
  outcome: ItemOutcome;
  /** When processing answers this item, unless the batch stops before. */
  doneAt: number;
}

/**
 * A batch in a simulator, provider-neutral: the dialect keeps what it needs to render it
 * (custom ids, endpoint, metadata, files) in `data`. Its state at any moment follows from these
 * times and the clock: see `viewBatch`.
 */
export interface SimBatch<Data = unknown> {
  id: string;
  model: string;
  createdAt: number;
  /** When processing starts, or when validation fails the batch. */
  startsAt: number;
  /** When processing answers the last item. */
  finishesAt: number;
  /** The end of the completion window: the batch expires then if processing has not finished. */
  expiresAt: number;
  finalizingMs: number;
  cancellingMs: number;
  /** When a cancel was received. */
  cancelledAt?: number;
  /** Whether the batch fails as a whole when validation ends (the dialect keeps why in `data`). */
  failsValidation: boolean;
  items: SimBatchItem[];
  /** Prompt tokens of the items, for the enqueued token limit. */
  promptTokens: number;
  data: Data;
  /** Called once, when the batch ends, with its final view: where a dialect writes result files. */
  onEnded?: (view: BatchView) => void;
}

export type BatchPhase = 'queued' | 'running' | 'finalizing' | 'cancelling' | BatchEnd;

export type ItemState = 'pending' | ItemResult;

/** A batch as it stands at one moment. */
export interface BatchView {
  phase: BatchPhase;
  /** When processing started (never, for a batch cancelled or failed before). */
  startedAt?: number;
  finalizingAt?: number;
  cancellingAt?: number;
  endedAt?: number;
  /** Each item's state, in input order; empty for a batch that failed validation (none ran). */
  items: ItemState[];
}

export const isEnded = (phase: BatchPhase): phase is BatchEnd =>
  phase === 'completed' || phase === 'failed' || phase === 'expired' || phase === 'cancelled';

export const hasEnded = (view: BatchView): boolean => isEnded(view.phase);

/** When the batch ends as things stand: cancelled, failed, expired or completed. */
export function endsAt(batch: SimBatch): number {
  if (batch.cancelledAt !== undefined) return batch.cancelledAt + batch.cancellingMs;
  if (batch.failsValidation) return batch.startsAt;
  if (batch.finishesAt > batch.expiresAt) return batch.expiresAt;
  return batch.finishesAt + batch.finalizingMs;
}

/**
 * The batch at `now`. A cancel stops processing at once (items answered before it keep their
 * result, the others are canceled when the batch ends); processing that has not finished when
 * the window closes expires the unanswered items.
 */
export function viewBatch(batch: SimBatch, now: number): BatchView {
  const { startsAt, finishesAt, cancelledAt, expiresAt } = batch;
  const endedAt = endsAt(batch);
  const ended = now >= endedAt;
  const started =
    now >= startsAt && !batch.failsValidation && (cancelledAt ?? startsAt) >= startsAt;
  const startedAt = started ? startsAt : undefined;
  const expiring = cancelledAt === undefined && finishesAt > expiresAt;
  const stoppedAt = cancelledAt ?? (expiring ? expiresAt : Number.POSITIVE_INFINITY);
  const unanswered: ItemState = ended ? (expiring ? 'expired' : 'canceled') : 'pending';
  const items = batch.items.map(
    ({ doneAt, outcome }): ItemState =>
      doneAt <= Math.min(now, stoppedAt) ? (outcome.ok ? 'succeeded' : 'errored') : unanswered,
  );
  const at = (phase: BatchPhase, times: Partial<BatchView> = {}): BatchView => ({
    phase,
    ...(startedAt === undefined ? {} : { startedAt }),
    ...times,
    ...(isEnded(phase) ? { endedAt } : {}),
    items: phase === 'failed' ? [] : items,
  });

  if (cancelledAt !== undefined) {
    return at(ended ? 'cancelled' : 'cancelling', { cancellingAt: cancelledAt });
  }
  if (now < startsAt) return at('queued');
  if (batch.failsValidation) return at('failed');
  if (expiring) return at(ended ? 'expired' : 'running');
  if (now < finishesAt) return at('running');
  return at(ended ? 'completed' : 'finalizing', { finalizingAt: finishesAt });
}
