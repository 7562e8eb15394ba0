import { createManualClock } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { emptyBatchCounters } from './batch-counters.js';
import { createSimBatch, exceedsEnqueuedLimit } from './batch-create.js';
import { createBatchStore } from './batch-store.js';
import { defaultBehavior, type SimulatorBehavior } from './behavior.js';
import type { SimulatorContext } from './context.js';
import { type SimRequest, SimulatorRequestError } from './types.js';

const request = (text: string, model = 'm'): SimRequest => ({
  operation: 'generate',
  model,
  stream: false,
  promptText: text,
  lastUserText: text,
  toolNames: [],
  includeUsage: true,
  body: {},
  headers: {},
});

const contextWith = (behavior: Partial<SimulatorBehavior> = {}) => {
  const clock = createManualClock(1_000);
  const counters = emptyBatchCounters();
  return {
    clock,
    behavior: { ...defaultBehavior(), ...behavior },
    newId: () => 'id',
    batches: createBatchStore(clock, () => counters),
  } as unknown as SimulatorContext;
};

const spec = (texts: string[], model = 'm') => ({
  id: `batch-${texts.join()}`,
  model,
  windowMs: 10_000,
  items: texts.map((text) => () => request(text, model)),
  data: {},
});

describe('createSimBatch', () => {
  it('answers each item as the single call, evenly over the processing time', () => {
    const context = contextWith({
      batch: { queueMs: 10, processingMs: 100 },
      reply: (call) => ({ text: call.lastUserText.toUpperCase() }),
    });
    const batch = createSimBatch(context, spec(['a', 'b', 'c', 'd']));
    expect(batch).toMatchObject({ createdAt: 1_000, startsAt: 1_010, finishesAt: 1_110 });
    expect(batch.expiresAt).toBe(11_000);
    expect(batch.items.map((item) => item.doneAt)).toEqual([1_035, 1_060, 1_085, 1_110]);
    expect(batch.items.map((item) => item.outcome.ok && item.outcome.reply.text)).toEqual([
      'A',
      'B',
      'C',
      'D',
    ]);
  });

  it('fails an evenly spread share of the items, and the items the API refuses', () => {
    const context = contextWith({ batch: { failureShare: 0.5, failureStatus: 503 } });
    const refused = () => {
      throw new SimulatorRequestError('max_tokens: Field required', 400);
    };
    const batch = createSimBatch(context, {
      ...spec(['a', 'b', 'c', 'd']),
      items: [...spec(['a', 'b', 'c', 'd']).items, refused],
    });
    expect(batch.items.map((item) => (item.outcome.ok ? 200 : item.outcome.status))).toEqual([
      200, 503, 200, 503, 400,
    ]);
    expect(batch.items[4]?.outcome).toEqual({
      ok: false,
      status: 400,
      message: 'max_tokens: Field required',
    });
  });

  it('counts the prompt tokens of the same model queued or running against the enqueued limit', () => {
    const context = contextWith({ batch: { enqueuedTokenLimit: 2 } });
    const first = createSimBatch(context, spec(['aaaa', 'bbbb']));
    expect(exceedsEnqueuedLimit(context, first)).toBe(false);
    context.batches.add(first);
    expect(exceedsEnqueuedLimit(context, createSimBatch(context, spec(['cccc'])))).toBe(true);
    expect(exceedsEnqueuedLimit(context, createSimBatch(context, spec(['cccc'], 'other')))).toBe(
      false,
    );
  });
});
