import { createManualClock } from '@llmux/core';
import { describe, expect, it, vi } from 'vitest';
import { emptyBatchCounters } from './batch-counters.js';
import { createBatchStore } from './batch-store.js';
import type { SimBatch } from './batch-timeline.js';

const usage = {
  inputTokens: 10,
  outputTokens: 2,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
};
const reply = {
  id: 'r',
  model: 'm',
  text: 'ok',
  toolCalls: [],
  finishReason: 'stop' as const,
  usage,
};

const batch = (id: string, onEnded = vi.fn()): SimBatch => ({
  id,
  model: 'm',
  createdAt: 0,
  startsAt: 100,
  finishesAt: 300,
  expiresAt: 10_000,
  finalizingMs: 50,
  cancellingMs: 20,
  failsValidation: false,
  items: [200, 300].map((doneAt) => ({ outcome: { ok: true, reply }, doneAt })),
  promptTokens: 20,
  data: {},
  onEnded,
});

const setup = () => {
  const clock = createManualClock(0);
  const counters = emptyBatchCounters();
  return { clock, counters, store: createBatchStore(clock, () => counters) };
};

describe('createBatchStore', () => {
  it('settles a batch when it ends on the clock, with no read: counters and onEnded, once', async () => {
    const { clock, counters, store } = setup();
    const onEnded = vi.fn();
    store.add(batch('a', onEnded));
    expect(counters).toMatchObject({ created: 1, items: { submitted: 2 } });
    await clock.advance(349);
    expect(onEnded).not.toHaveBeenCalled();
    await clock.advance(1);
    expect(onEnded).toHaveBeenCalledWith(
      expect.objectContaining({ phase: 'completed', endedAt: 350 }),
    );
    expect(counters).toMatchObject({
      ended: { completed: 1 },
      items: { succeeded: 2 },
      inputTokens: 20,
      outputTokens: 4,
    });
    store.get('a');
    expect(onEnded).toHaveBeenCalledTimes(1);
  });

  it('moves the end to a cancel, and counts the items canceled', async () => {
    const { clock, counters, store } = setup();
    const cancelled = batch('a');
    store.add(cancelled);
    await clock.advance(250);
    store.cancel(cancelled);
    await clock.advance(20);
    expect(counters).toMatchObject({
      ended: { cancelled: 1 },
      items: { succeeded: 1, canceled: 1 },
    });
  });

  it('lists newest first, and forgets everything on clear, timers too', async () => {
    const { clock, store } = setup();
    store.add(batch('a'));
    store.add(batch('b'));
    store.files.set('f', {
      id: 'f',
      filename: 'f',
      purpose: 'batch',
      mimeType: '',
      bytes: Buffer.alloc(0),
      createdAt: 0,
    });
    expect(store.list().map((each) => each.id)).toEqual(['b', 'a']);
    store.delete('b');
    expect(store.get('b')).toBeUndefined();
    store.clear();
    expect(store.list()).toEqual([]);
    expect(store.files.size).toBe(0);
    expect(clock.pending()).toBe(0);
  });
});
