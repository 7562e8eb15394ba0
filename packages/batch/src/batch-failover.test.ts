import { createMockModel } from '@llmux/testkit';
import { describe, expect, it } from 'vitest';
import type { BatchOutcome } from './batch-item.js';
import { createBatchManager } from './batch-manager.js';
import type { BatchManagerOptions } from './batch-manager-options.js';
import {
  ask,
  candidate,
  cleanup,
  HOUR,
  MINUTE,
  startProviders,
  testTimings,
} from './batch-test-setup.js';

const three = [candidate('openai'), candidate('anthropic'), candidate('gemini')];

async function setup(options: Partial<BatchManagerOptions> = {}) {
  const providers = await startProviders();
  const manager = createBatchManager({
    adapters: Object.values(providers.adapters),
    clock: providers.clock,
    observer: providers.observer,
    ...testTimings,
    candidates: three,
    ...options,
  });
  cleanup(() => manager.close());
  return { ...providers, manager };
}

const items = (count: number, extra = {}) =>
  Array.from({ length: count }, (_, i) => ({ id: `q${i}`, request: ask(`question ${i}`, extra) }));

const answered = (outcome: BatchOutcome) => {
  if (!outcome.ok) throw outcome.error;
  return outcome.response;
};

describe('batch failover', () => {
  it('moves the items of a batch that expired to the next provider', async () => {
    const { sims, manager, events, run } = await setup();
    sims.openai.configure({ batch: { queueMs: 25 * HOUR } });
    const job = await manager.submit({ items: items(4) });
    const outcomes = await run(manager.wait(job.id));

    for (const outcome of outcomes) {
      const response = answered(outcome);
      expect(response.provider).toBe('anthropic');
      expect(response.trace.attempts).toMatchObject([
        { provider: 'openai', outcome: 'error', errorKind: 'timeout' },
        { provider: 'anthropic', outcome: 'success', attempt: 1 },
      ]);
    }
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'batch-ended',
        provider: 'openai',
        state: 'expired',
        unanswered: 4,
      }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'batch-moved',
        items: 4,
        from: candidate('openai'),
        to: candidate('anthropic'),
        reason: 'timeout',
      }),
    );
  });

  it('moves items that fail transiently on, and fails those the request itself is wrong for', async () => {
    const { sims, manager, run } = await setup();
    sims.openai.configure({ batch: { failureShare: 0.5, failureStatus: 500 } });
    sims.anthropic.configure({ batch: { failureShare: 0.5, failureStatus: 400 } });
    const job = await manager.submit({ items: items(4) });
    const outcomes = await run(manager.wait(job.id));

    // q1 and q3 fail at OpenAI with 500s and move on; Anthropic fails one of those two with a 400.
    expect(outcomes.map((o) => (o.ok ? o.response.provider : o.error.kind))).toEqual([
      'openai',
      'anthropic',
      'openai',
      'invalid_request',
    ]);
    const failed = outcomes[3]!;
    expect(failed.ok).toBe(false);
    if (!failed.ok) {
      expect(failed.error.attempts).toMatchObject([
        { provider: 'openai', errorKind: 'server_error', status: 500 },
        { provider: 'anthropic', errorKind: 'invalid_request' },
      ]);
    }
    expect(await manager.get(job.id)).toMatchObject({ counts: { succeeded: 3, failed: 1 } });
  });

  it('fails with all_attempts_failed, listing every batch, when no candidate is left', async () => {
    const { sims, manager, run } = await setup({
      candidates: [candidate('gemini'), candidate('openai')],
    });
    sims.gemini.configure({ batch: { failureShare: 1, failureStatus: 503 } });
    sims.openai.configure({ batch: { failureShare: 1, failureStatus: 429 } });
    const job = await manager.submit({ items: items(1) });
    const [outcome] = await run(manager.wait(job.id));
    expect(outcome).toMatchObject({
      ok: false,
      error: {
        kind: 'all_attempts_failed',
        attempts: [
          { provider: 'gemini', errorKind: 'overloaded' },
          { provider: 'openai', errorKind: 'rate_limited' },
        ],
      },
    });
  });

  it('moves a whole batch the provider fails (its enqueued token limit) or will not take', async () => {
    const { sims, manager, run } = await setup();
    sims.openai.configure({ batch: { enqueuedTokenLimit: 1 } });
    sims.anthropic.configure({ outage: true });
    const job = await manager.submit({ items: items(2) });
    const outcomes = await run(manager.wait(job.id));
    for (const outcome of outcomes) {
      expect(answered(outcome).trace.attempts).toMatchObject([
        { provider: 'openai', errorKind: 'rate_limited' },
        { provider: 'anthropic', errorKind: 'overloaded' },
        { provider: 'gemini', outcome: 'success' },
      ]);
    }
  });

  it('refuses, without a call, a request the adapter cannot build', async () => {
    const { sims, manager, run } = await setup();
    const job = await manager.submit({
      items: [{ id: 'empty', request: { messages: [] } }, ...items(1)],
    });
    const [empty, fine] = await run(manager.wait(job.id));
    expect(empty).toMatchObject({
      ok: false,
      error: { kind: 'invalid_request', attempts: [{ provider: 'openai' }] },
    });
    expect(answered(fine!).provider).toBe('openai');
    expect(sims.anthropic.counters.requests).toBe(0);
  });

  it('answers live what its batch cannot answer before the deadline, and cancels that batch', async () => {
    const live = createMockModel({ provider: 'openai', modelId: 'gpt-5-mini' });
    const { clock, sims, manager, events, run } = await setup({ live, liveMarginMs: 10 * MINUTE });
    sims.openai.configure({ batch: { processingMs: 10 * HOUR } });
    const deadlineAt = clock.now() + 2 * HOUR;
    const job = await manager.submit({ items: items(2), deadlineAt });
    const outcomes = await run(manager.wait(job.id));

    for (const outcome of outcomes) {
      const response = answered(outcome);
      const [batchAttempt] = response.trace.attempts;
      expect(batchAttempt).toMatchObject({ provider: 'openai', errorKind: 'timeout' });
      // Moved from 10 minutes before the deadline, before it.
      expect(batchAttempt!.latencyMs).toBeGreaterThanOrEqual(2 * HOUR - 10 * MINUTE);
      expect(batchAttempt!.latencyMs).toBeLessThan(2 * HOUR);
    }
    expect(live.calls.map((call) => call.deadlineAt)).toEqual([deadlineAt, deadlineAt]);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'batch-moved', to: 'live', reason: 'deadline', items: 2 }),
    );
    // Nothing waits on the OpenAI batch any more: it is cancelled, then collected.
    await run(new Promise((resolve) => setTimeout(resolve, 50)), { maxMs: 10 * MINUTE });
    expect((await manager.get(job.id))?.batches).toMatchObject([
      { provider: 'openai', state: 'cancelled' },
    ]);
  });

  it('fails with timeout what is unanswered at its deadline, without a live model', async () => {
    const { clock, sims, manager, run } = await setup();
    sims.openai.configure({ batch: { processingMs: 10 * HOUR } });
    const job = await manager.submit({ items: items(1), deadlineAt: clock.now() + HOUR });
    const [outcome] = await run(manager.wait(job.id));
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'timeout' } });
  });

  it('sends live at once what has no candidate with a batch API', async () => {
    const live = createMockModel({ provider: 'mistral', modelId: 'small' });
    const { manager, run } = await setup({ live });
    const job = await manager.submit({
      items: [
        { id: 'x', request: ask('hi'), candidates: [{ provider: 'mistral', model: 'small' }] },
      ],
    });
    const [outcome] = await run(manager.wait(job.id));
    expect(answered(outcome!)).toMatchObject({ provider: 'mistral', trace: { attempts: [] } });
  });
});
