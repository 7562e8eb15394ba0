import { collectStream, type LanguageModel } from '@llmux/core';
import { createMockModel } from '@llmux/testkit';
import { describe, expect, it } from 'vitest';
import type { BatchEvent } from './batch-events.js';
import { createBatchManager } from './batch-manager.js';
import {
  ask,
  candidate,
  cleanup,
  HOUR,
  MINUTE,
  startProviders,
  testTimings,
} from './batch-test-setup.js';
import { createBatchingModel } from './batching-model.js';
import type { BatchingOptions } from './batching-options.js';

const canWait = { metadata: { priority: 'batch' as const } };

async function setup(options: Partial<BatchingOptions> = {}) {
  const providers = await startProviders();
  const { clock, adapters } = providers;
  const live = createMockModel({ provider: 'openai', modelId: 'gpt-5-mini', clock });
  const manager = createBatchManager({
    adapters: Object.values(adapters),
    clock,
    ...testTimings,
    candidates: [candidate('anthropic')],
    live,
  });
  cleanup(() => manager.close());
  const events: BatchEvent[] = [];
  const model = createBatchingModel(live, {
    manager,
    minBatchSize: 3,
    maxWaitMs: MINUTE,
    clock,
    observer: (event) => events.push(event),
    ...options,
  });
  return { ...providers, live, manager, model, events };
}

describe('createBatchingModel', () => {
  it('collects the requests that can wait into one job, and sends urgent ones at once', async () => {
    const { clock, live, model, events, run } = await setup();
    const urgent = await model.generate(ask('now'));
    expect(urgent.provider).toBe('openai');

    const collected = [
      model.generate(ask('a', canWait)),
      model.generate(ask('b', canWait)),
      // No priority, but a deadline two days away: it can wait too.
      model.generate(ask('c', { deadlineAt: clock.now() + 48 * HOUR })),
    ];
    const answers = await run(Promise.all(collected));
    expect(answers.map((a) => [a.provider, a.content])).toEqual([
      ['anthropic', [{ type: 'text', text: 'Echo: a' }]],
      ['anthropic', [{ type: 'text', text: 'Echo: b' }]],
      ['anthropic', [{ type: 'text', text: 'Echo: c' }]],
    ]);
    expect(live.calls).toHaveLength(1);
    expect(events).toEqual([
      {
        type: 'batch-collected',
        items: 3,
        to: 'job',
        jobId: expect.any(String),
        at: expect.any(Number),
      },
    ]);
  });

  it('sends live what was collected when too few came within the wait', async () => {
    const { live, model, events, run } = await setup({ minBatchSize: 5 });
    const answers = await run(
      Promise.all([model.generate(ask('a', canWait)), model.generate(ask('b', canWait))]),
    );
    expect(answers.map((a) => a.provider)).toEqual(['openai', 'openai']);
    expect(live.calls).toHaveLength(2);
    expect(events).toMatchObject([{ type: 'batch-collected', items: 2, to: 'live' }]);
  });

  it('sends a full batch at once, without waiting out maxWaitMs', async () => {
    const { manager, model, events } = await setup({ maxBatchSize: 3, maxWaitMs: HOUR });
    for (const text of ['a', 'b', 'c']) void model.generate(ask(text, canWait));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const [collected] = events as Array<Extract<BatchEvent, { type: 'batch-collected' }>>;
    expect(collected).toMatchObject({ to: 'job', items: 3 });
    expect(await manager.get(collected!.jobId!)).toMatchObject({ counts: { total: 3 } });
  });

  it('replays a batch answer as a stream', async () => {
    const { model, run } = await setup({ minBatchSize: 1 });
    const response = await run(collectStream(model.stream(ask('streamed', canWait))));
    expect(response).toMatchObject({
      provider: 'anthropic',
      content: [{ type: 'text', text: 'Echo: streamed' }],
    });
  });

  it('takes out a request whose caller leaves while it waits', async () => {
    const { model, events, run } = await setup({ minBatchSize: 1 });
    const leave = new AbortController();
    const left = model.generate(ask('gone', { ...canWait, signal: leave.signal }));
    const stays = model.generate(ask('stays', canWait));
    leave.abort();
    await expect(left).rejects.toMatchObject({ kind: 'cancelled' });
    await run(stays);
    expect(events).toMatchObject([{ type: 'batch-collected', items: 1 }]);
  });

  it('names the option at fault', async () => {
    const { manager } = await setup();
    const model = createMockModel() as LanguageModel;
    expect(() => createBatchingModel(model, { manager: {} as never })).toThrow(
      'Invalid batching option "manager"',
    );
    expect(() => createBatchingModel(model, { manager, minBatchSize: 0 })).toThrow(
      'Invalid batching option "minBatchSize": expected an integer >= 1, got 0',
    );
    expect(() => createBatchingModel(model, { manager, minBatchSize: 5, maxBatchSize: 4 })).toThrow(
      '"maxBatchSize": expected an integer >= 5, got 4',
    );
  });
});
