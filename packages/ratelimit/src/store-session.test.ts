import type { LlmuxEvent } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from './memory-store.js';
import type { RateLimitStore } from './rate-limit-store.js';
import { ask, setup, T0, track, usage } from './test-fixtures.js';

const target = { provider: 'mock', model: 'mock-model' };
const modelLease = 'c:m:mock:mock-model';
const nobody = { now: T0, pauseKey: 'p', windows: [], budgets: [] };

/** A shared store (not a memory store, as far as the limiter knows) that can be cut off. */
function flakyStore() {
  const inner = createMemoryStore();
  const link = { down: false };
  const guarded =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (link.down) throw new Error('connection lost');
      return call(...args);
    };
  const store: RateLimitStore = {
    reserve: guarded(inner.reserve),
    settle: guarded(inner.settle),
    renew: guarded(inner.renew),
    pause: guarded(inner.pause),
    read: guarded(inner.read),
  };
  const leasesIn = async (key: string) =>
    (await inner.read({ ...nobody, leases: [key] })).leases[0];
  return { store, inner, link, leasesIn };
}

const storeEvents = (events: LlmuxEvent[]) => events.filter((event) => event.type === 'store');

describe('counting alone while the store is out', () => {
  it('counts against a fair share, learned from the processes renewing in the store', async () => {
    const { store, inner, link } = flakyStore();
    for (const id of ['other-1', 'other-2']) {
      await inner.renew({ now: T0, process: { id, ttlMs: 30_000 }, reservations: [] });
    }
    const { model, clock, events } = setup(
      { limits: { model: { concurrentRequests: 6 } }, store, mode: 'fail-fast' },
      { script: { text: 'ok', usage, delayMs: 10_000 } },
    );
    const first = track(model.generate(ask()));
    await clock.advance(0);
    expect(model.storeHealth()).toEqual({
      state: 'up',
      since: 0,
      limiting: 'store',
      localShare: 1 / 3,
      processes: 3,
    });

    link.down = true;
    // Two of six: the call in flight counts here too, so one more goes.
    const second = track(model.generate(ask()));
    await clock.advance(0);
    expect(second.done).toBe(false);
    await expect(model.generate(ask())).rejects.toMatchObject({
      kind: 'rate_limited',
      message: expect.stringContaining('concurrentRequests limit of 6'),
    });
    expect(model.storeHealth()).toEqual({
      state: 'down',
      since: T0,
      detail: 'connection lost',
      limiting: 'local',
      localShare: 1 / 3,
      processes: 3,
    });
    expect(storeEvents(events)).toEqual([
      { type: 'store', store: 'ratelimit', state: 'down', at: T0, detail: 'connection lost' },
    ]);
    await clock.advance(10_000);
    expect([first.error, second.error]).toEqual([undefined, undefined]);
  });

  it('is counted by the other processes from its first answer from the store, before any call', async () => {
    const { store, inner } = flakyStore();
    const { model, clock } = setup(
      { limits: { model: { concurrentRequests: 6 } }, store, mode: 'fail-fast' },
      { script: { text: 'ok', usage } },
    );
    const othersCount = async () =>
      (await inner.renew({ now: T0, process: { id: 'other', ttlMs: 30_000 }, reservations: [] }))
        .processes;
    expect(await othersCount()).toBe(1);
    await model.headroom(target);
    await clock.advance(0);
    expect(await othersCount()).toBe(2);
    expect(model.storeHealth().processes).toBe(2);
  });

  it('takes an explicit localShare over the fair share, and fails closed when told to', async () => {
    const { store, link } = flakyStore();
    const shared = setup({
      limits: { model: { requestsPerMinute: 10 } },
      store,
      mode: 'fail-fast',
      outage: { localShare: 0.5 },
    });
    const closed = setup({ limits: {}, store, outage: { mode: 'fail-closed' } });
    link.down = true;
    for (let i = 0; i < 5; i++) await shared.model.generate(ask());
    await expect(shared.model.generate(ask())).rejects.toMatchObject({ kind: 'rate_limited' });
    expect(shared.model.storeHealth()).toMatchObject({ limiting: 'local', localShare: 0.5 });
    await expect(closed.model.generate(ask())).rejects.toMatchObject({ kind: 'server_error' });
    expect(closed.model.storeHealth()).toMatchObject({ state: 'down', limiting: 'refused' });
  });

  it('goes back to the store once it answers, with the calls made alone still in flight', async () => {
    const { store, link, leasesIn } = flakyStore();
    const { model, clock, events } = setup(
      { limits: { model: { concurrentRequests: 4 } }, store, mode: 'fail-fast' },
      { script: { text: 'ok', usage, delayMs: 10_000 } },
    );
    link.down = true;
    const alone = track(model.generate(ask()));
    await clock.advance(1_000);
    link.down = false;
    const back = track(model.generate(ask()));
    await clock.advance(0);
    expect(model.storeHealth()).toMatchObject({
      state: 'up',
      since: T0 + 1_000,
      limiting: 'store',
    });
    expect(storeEvents(events).map((event) => event.type === 'store' && event.state)).toEqual([
      'down',
      'up',
    ]);
    // The call made alone is counted in the store too, and leaves it when it ends.
    expect(await leasesIn(modelLease)).toBe(2);
    await clock.advance(9_000);
    expect(alone).toMatchObject({ done: true, error: undefined });
    expect(await leasesIn(modelLease)).toBe(1);
    await clock.advance(1_000);
    expect(back).toMatchObject({ done: true, error: undefined });
    expect(await leasesIn(modelLease)).toBe(0);
  });
});

describe('leases and holds', () => {
  it('renews the lease of a long call, while one nobody renews lapses', async () => {
    const { model, clock, store } = setup(
      { limits: { model: { concurrentRequests: 2 } }, leaseMs: 3_000, mode: 'fail-fast' },
      { script: { text: 'ok', usage, delayMs: 20_000 } },
    );
    // A call of a process that died: its lease is never renewed.
    await store.reserve({
      ...nobody,
      id: 'crashed',
      ttlMs: 3_000,
      leases: [{ key: modelLease, limit: 2 }],
    });
    const long = track(model.generate(ask()));
    await clock.advance(0);
    await expect(model.generate(ask())).rejects.toMatchObject({ kind: 'rate_limited' });
    await clock.advance(3_000);
    expect(await model.headroom(target)).toMatchObject({ inFlight: 1 });
    await clock.advance(15_000);
    expect(await model.headroom(target)).toMatchObject({ inFlight: 1 });
    await clock.advance(2_000);
    expect(long).toMatchObject({ done: true, error: undefined });
    expect(await model.headroom(target)).toMatchObject({ inFlight: 0 });
  });

  it('lets a budget hold nobody renews lapse with its lease', async () => {
    const { model, clock, store } = setup({
      limits: { global: { spendPerDayUsd: 0.05 } },
      mode: 'fail-fast',
    });
    await store.reserve({
      ...nobody,
      id: 'crashed',
      ttlMs: 5_000,
      budgets: [{ key: 's:g:d2025-01-15', limit: 0.05, cost: 0.04, expireAt: T0 + 86_400_000 }],
      leases: [],
    });
    await expect(model.generate(ask())).rejects.toMatchObject({
      message: expect.stringContaining('Calls in flight hold the rest'),
    });
    await clock.advance(5_000);
    await model.generate(ask());
  });
});
