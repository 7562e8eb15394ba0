import { describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.js';
import { healthKey } from './health-store.js';
import { createMemoryHealthStore } from './memory-health-store.js';

const key = healthKey('openai', 'gpt-5');
const WINDOW = 60_000;

function setup(maxSamples?: number) {
  const clock = createManualClock(1_000_000);
  const store = createMemoryHealthStore({ clock, maxSamples });
  const record = (ok: boolean, latencyMs = 100) =>
    store.record(key, { ok, latencyMs, at: clock.now() }, WINDOW);
  return { clock, store, record };
}

describe('createMemoryHealthStore', () => {
  it('keys by provider and model', () => {
    expect(key).toBe('openai:gpt-5');
  });

  it('starts closed with no samples', async () => {
    const { store } = setup();
    expect(await store.read(key, WINDOW)).toEqual({
      circuit: { state: 'closed', since: 0 },
      samples: 0,
      failures: 0,
      consecutiveFailures: 0,
      latencyMs: undefined,
    });
  });

  it('gives the same snapshot at once as a read does', async () => {
    const { store, record, clock } = setup();
    await record(true, 100);
    await record(false, 5_000);
    clock.advance(1_000);
    expect(store.peek!(key, WINDOW)).toEqual(await store.read(key, WINDOW));
    expect(store.peek!(healthKey('openai', 'other'), WINDOW)).toEqual(
      await store.read(healthKey('openai', 'other'), WINDOW),
    );
  });

  it('counts samples and failures in the window, averaging latency of successes only', async () => {
    const { record } = setup();
    await record(true, 100);
    await record(false, 5_000);
    const snapshot = await record(true, 300);
    expect(snapshot).toMatchObject({ samples: 3, failures: 1, latencyMs: 200 });
  });

  it('drops samples that fall out of the window as time passes', async () => {
    const { clock, store, record } = setup();
    await record(false);
    await clock.advance(30_000);
    await record(true);
    expect(await store.read(key, WINDOW)).toMatchObject({ samples: 2, failures: 1 });
    await clock.advance(30_000);
    // The first sample is now exactly one window old: out.
    expect(await store.read(key, WINDOW)).toMatchObject({ samples: 1, failures: 0 });
    await clock.advance(30_000);
    expect(await store.read(key, WINDOW)).toMatchObject({ samples: 0, latencyMs: undefined });
  });

  it('counts consecutive failures across windows until a success', async () => {
    const { clock, record } = setup();
    await record(false);
    await record(false);
    await clock.advance(WINDOW * 2);
    const third = await record(false);
    expect(third).toMatchObject({ consecutiveFailures: 3, samples: 1 });
    expect(await record(true)).toMatchObject({ consecutiveFailures: 0 });
  });

  it('keeps at most maxSamples, oldest out first', async () => {
    const { record } = setup(3);
    await record(false);
    await record(true);
    await record(true);
    expect(await record(true)).toMatchObject({ samples: 3, failures: 0 });
  });

  it('counts the window right once the kept samples have wrapped around', async () => {
    const { clock, store, record } = setup(3);
    for (const ok of [false, false, true, false, true]) {
      await record(ok, ok ? 100 : 9_000);
      await clock.advance(10_000);
    }
    // Kept: the last three, ok 30 s ago, failed 20 s ago and ok 10 s ago.
    expect(await store.read(key, WINDOW)).toMatchObject({ samples: 3, failures: 1 });
    expect(await store.read(key, 25_000)).toMatchObject({ samples: 2, failures: 1 });
    expect(await store.read(key, 15_000)).toMatchObject({
      samples: 1,
      failures: 0,
      latencyMs: 100,
    });
    expect(await store.read(key, 5_000)).toMatchObject({ samples: 0, failures: 0 });
  });

  it('counts a sample recorded out of time order by its own time', async () => {
    const { clock, store } = setup(3);
    const at = clock.now();
    await store.record(key, { ok: true, latencyMs: 100, at }, WINDOW);
    await store.record(key, { ok: false, latencyMs: 100, at: at - 50_000 }, WINDOW);
    await store.record(key, { ok: true, latencyMs: 300, at: at - 1_000 }, WINDOW);
    expect(await store.read(key, 10_000)).toMatchObject({
      samples: 2,
      failures: 0,
      latencyMs: 200,
    });
    expect(await store.read(key, WINDOW)).toMatchObject({ samples: 3, failures: 1 });
    // Once the sample out of order is no longer kept, the rest are in order again.
    await store.record(key, { ok: true, latencyMs: 500, at }, WINDOW);
    await store.record(key, { ok: true, latencyMs: 500, at }, WINDOW);
    expect(await store.read(key, 500)).toMatchObject({ samples: 2, latencyMs: 500 });
    expect(await store.read(key, 10_000)).toMatchObject({ samples: 3, failures: 0 });
  });

  it('moves the circuit only from the expected state (compare-and-set)', async () => {
    const { clock, store } = setup();
    expect(await store.transition(key, 'open', { state: 'half-open', since: 1 })).toBe(false);
    expect(await store.transition(key, 'closed', { state: 'open', since: clock.now() })).toBe(true);
    const probes = await Promise.all([
      store.transition(key, 'open', { state: 'half-open', since: 2 }),
      store.transition(key, 'open', { state: 'half-open', since: 3 }),
    ]);
    expect(probes.filter(Boolean)).toHaveLength(1);
    expect((await store.read(key, WINDOW)).circuit).toEqual({ state: 'half-open', since: 2 });
  });

  it('hands out copies, so callers cannot change the stored circuit', async () => {
    const { store } = setup();
    const snapshot = await store.read(key, WINDOW);
    snapshot.circuit.state = 'open';
    expect((await store.read(key, WINDOW)).circuit.state).toBe('closed');
    expect((await store.read('other:model', WINDOW)).samples).toBe(0);
  });
});
