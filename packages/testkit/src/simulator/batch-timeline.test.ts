import { describe, expect, it } from 'vitest';
import { endsAt, type ItemOutcome, type SimBatch, viewBatch } from './batch-timeline.js';

const answered: ItemOutcome = { ok: false, status: 500, message: 'Internal server error' };

/** Four items answered at 20, 40, 60 and 80 after a queue ending at 10. */
const batch = (changes: Partial<SimBatch> = {}): SimBatch => ({
  id: 'b',
  model: 'm',
  createdAt: 0,
  startsAt: 10,
  finishesAt: 80,
  expiresAt: 1_000,
  finalizingMs: 5,
  cancellingMs: 3,
  failsValidation: false,
  items: [20, 40, 60, 80].map((doneAt) => ({ outcome: answered, doneAt })),
  promptTokens: 0,
  data: {},
  ...changes,
});

describe('viewBatch', () => {
  it('goes queued, running, finalizing, completed, answering items as processing reaches them', () => {
    expect(viewBatch(batch(), 9)).toEqual({ phase: 'queued', items: Array(4).fill('pending') });
    expect(viewBatch(batch(), 45)).toEqual({
      phase: 'running',
      startedAt: 10,
      items: ['errored', 'errored', 'pending', 'pending'],
    });
    expect(viewBatch(batch(), 82)).toMatchObject({ phase: 'finalizing', finalizingAt: 80 });
    expect(viewBatch(batch(), 85)).toEqual({
      phase: 'completed',
      startedAt: 10,
      finalizingAt: 80,
      endedAt: 85,
      items: Array(4).fill('errored'),
    });
    expect(endsAt(batch())).toBe(85);
  });

  it('fails a batch that fails validation when the queue ends, none of its items run', () => {
    const failing = batch({ failsValidation: true });
    expect(viewBatch(failing, 9).phase).toBe('queued');
    expect(viewBatch(failing, 10)).toEqual({ phase: 'failed', endedAt: 10, items: [] });
    expect(endsAt(failing)).toBe(10);
  });

  it('expires at the end of the window: items not answered by then expire', () => {
    const slow = batch({ expiresAt: 50 });
    expect(viewBatch(slow, 49).phase).toBe('running');
    expect(viewBatch(slow, 50)).toEqual({
      phase: 'expired',
      startedAt: 10,
      endedAt: 50,
      items: ['errored', 'errored', 'expired', 'expired'],
    });
    expect(endsAt(slow)).toBe(50);
  });

  it('stops at a cancel: cancelling, then cancelled with the unanswered items canceled', () => {
    const cancelled = batch({ cancelledAt: 45 });
    expect(viewBatch(cancelled, 47)).toEqual({
      phase: 'cancelling',
      startedAt: 10,
      cancellingAt: 45,
      items: ['errored', 'errored', 'pending', 'pending'],
    });
    expect(viewBatch(cancelled, 48)).toMatchObject({
      phase: 'cancelled',
      endedAt: 48,
      items: ['errored', 'errored', 'canceled', 'canceled'],
    });
    expect(viewBatch(batch({ cancelledAt: 5 }), 8)).toEqual({
      phase: 'cancelled',
      cancellingAt: 5,
      endedAt: 8,
      items: Array(4).fill('canceled'),
    });
  });
});
