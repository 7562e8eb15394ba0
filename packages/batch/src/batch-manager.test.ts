import { describe, expect, it } from 'vitest';
import { createBatchManager } from './batch-manager.js';
import {
  ask,
  candidate,
  cleanup,
  HOUR,
  MINUTE,
  models,
  startProviders,
  testTimings,
} from './batch-test-setup.js';

describe('createBatchManager on the three simulators', () => {
  it('runs a job on each provider through its official SDK, at batch prices', async () => {
    const { clock, adapters, observer, events, run } = await startProviders();
    const manager = createBatchManager({
      adapters: Object.values(adapters),
      clock,
      observer,
      ...testTimings,
    });
    cleanup(() => manager.close());
    const items = (['openai', 'anthropic', 'gemini'] as const).flatMap((provider) =>
      ['a', 'b'].map((id) => ({
        id: `${provider}-${id}`,
        request: ask(`question ${id}`),
        candidates: [candidate(provider)],
      })),
    );
    const job = await manager.submit({ items, tenant: 'acme', metadata: { run: 'nightly' } });
    expect(job).toMatchObject({
      id: expect.stringMatching(/^batch_/),
      state: 'running',
      tenant: 'acme',
      metadata: { run: 'nightly' },
      counts: { total: 6, queued: 6 },
    });

    const outcomes = await run(manager.wait(job.id));
    expect(outcomes.map((o) => o.id)).toEqual(items.map((i) => i.id));
    const { defaultCatalog } = await import('@llmux/core');
    for (const outcome of outcomes) {
      if (!outcome.ok) throw outcome.error;
      const { response } = outcome;
      const provider = outcome.id.split('-')[0] as keyof typeof models;
      expect(response).toMatchObject({
        provider,
        content: [{ type: 'text', text: `Echo: question ${outcome.id.split('-')[1]}` }],
        trace: {
          attempts: [{ provider, model: models[provider], attempt: 1, outcome: 'success' }],
        },
      });
      // Half the standard price: every provider discounts its batch API by 50%.
      const { usage } = response;
      const standard = defaultCatalog.costOf(usage, provider, models[provider]);
      expect(response.costUsd).toBeCloseTo(standard / 2, 12);
      expect(response.costUsd).toBe(
        defaultCatalog.costOf(usage, provider, models[provider], { batch: true }),
      );
      expect(response.trace.batchSavedUsd).toBeCloseTo(standard - response.costUsd, 12);
      expect(response.latencyMs).toBeGreaterThanOrEqual(HOUR);
    }
    const done = await manager.get(job.id);
    expect(done).toMatchObject({ state: 'completed', counts: { total: 6, succeeded: 6 } });
    expect(done!.batches.map((b) => [b.provider, b.state, b.items])).toEqual([
      ['openai', 'ended', 2],
      ['anthropic', 'ended', 2],
      ['gemini', 'ended', 2],
    ]);
    expect(events.filter((e) => e.type === 'batch-submitted')).toHaveLength(3);
    expect(events.at(-1)).toMatchObject({
      type: 'batch-job-ended',
      state: 'completed',
      succeeded: 6,
    });
  });
});

describe('a job through its life', () => {
  const twoProviders = [candidate('openai'), candidate('anthropic')];

  async function setup() {
    const providers = await startProviders();
    const manager = createBatchManager({
      adapters: Object.values(providers.adapters),
      clock: providers.clock,
      ...testTimings,
      candidates: twoProviders,
    });
    cleanup(() => manager.close());
    return { ...providers, manager };
  }

  it('cancels: what is queued or unanswered fails as cancelled, answers already in are kept', async () => {
    const { sims, manager, run, pass } = await setup();
    sims.openai.configure({ batch: { processingMs: 4 * HOUR } });
    const items = ['a', 'b', 'c', 'd'].map((id) => ({ id, request: ask(id) }));
    const job = await manager.submit({ items });
    await pass(150 * MINUTE);
    expect(await manager.cancel(job.id)).toMatchObject({ state: 'cancelling' });

    const outcomes = await run(manager.wait(job.id));
    expect(outcomes.map((o) => (o.ok ? 'answered' : o.error.kind))).toEqual([
      'answered',
      'answered',
      'cancelled',
      'cancelled',
    ]);
    expect(await manager.get(job.id)).toMatchObject({
      state: 'cancelled',
      cancelledAt: expect.any(Number),
      batches: [{ provider: 'openai', state: 'cancelled' }],
    });
    expect(sims.anthropic.counters.requests).toBe(0);
  });

  it('gives one item as soon as it is answered, and the results so far', async () => {
    const { sims, manager, run, pass } = await setup();
    sims.openai.configure({ batch: { processingMs: 5 * HOUR } });
    const job = await manager.submit({
      items: [
        { id: 'fast', request: ask('fast'), candidates: [candidate('anthropic')] },
        { id: 'slow', request: ask('slow'), candidates: [candidate('openai')] },
      ],
    });
    const fast = await run(manager.outcome(job.id, 'fast'));
    expect(fast).toMatchObject({ id: 'fast', ok: true, response: { provider: 'anthropic' } });
    await pass(0);
    expect((await manager.results(job.id)).map((o) => o.id)).toEqual(['fast']);
    await expect(manager.outcome(job.id, 'nope')).rejects.toMatchObject({ kind: 'not_found' });
    await expect(manager.get('batch_unknown')).resolves.toBeUndefined();
    await expect(manager.wait('batch_unknown')).rejects.toMatchObject({ kind: 'not_found' });
  });

  it("lists a tenant's jobs, newest first, and no one else's", async () => {
    const { clock, manager } = await setup();
    const items = [{ id: 'a', request: ask('a') }];
    const first = await manager.submit({ items, tenant: 'acme' });
    await clock.advance(1000);
    const second = await manager.submit({ items, tenant: 'acme' });
    await manager.submit({ items, tenant: 'globex' });
    expect((await manager.list('acme')).map((job) => job.id)).toEqual([second.id, first.id]);
    expect(await manager.list('initech')).toEqual([]);
  });

  it('stops waiting, not the job, when the signal aborts', async () => {
    const { manager } = await setup();
    const job = await manager.submit({ items: [{ id: 'a', request: ask('a') }] });
    const stop = new AbortController();
    const waiting = manager.wait(job.id, { signal: stop.signal });
    stop.abort();
    await expect(waiting).rejects.toMatchObject({ kind: 'cancelled' });
    expect(await manager.get(job.id)).toMatchObject({ state: 'running' });
  });
});
