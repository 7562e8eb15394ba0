import {
  type Clock,
  createManualClock,
  type HealthStore,
  healthKey,
  type ManualClock,
} from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { START } from './test-support.js';

export type HealthStoreFactory = (options: {
  clock: Clock;
  maxSamples?: number;
}) => HealthStore | Promise<HealthStore>;

const WINDOW = 60_000;

/**
 * The behaviour every `HealthStore` shares, run against the memory store and the Redis store so
 * that one process and a fleet behave the same.
 */
export function describeHealthStore(name: string, factory: HealthStoreFactory): void {
  describe(`${name}: HealthStore behaviour`, () => {
    const key = healthKey('openai', 'gpt-5');

    async function setup(maxSamples?: number) {
      const clock: ManualClock = createManualClock(START);
      const store = await factory({ clock, maxSamples });
      const record = (ok: boolean, latencyMs = 100, at = clock.now()) =>
        store.record(key, { ok, latencyMs, at }, WINDOW);
      return { clock, store, record };
    }

    it('reads an unknown key as closed since 0, with no samples', async () => {
      const { store } = await setup();
      expect(await store.read(key, WINDOW)).toEqual({
        circuit: { state: 'closed', since: 0 },
        samples: 0,
        failures: 0,
        consecutiveFailures: 0,
        latencyMs: undefined,
      });
    });

    it('counts samples and failures, averaging the latency of successes only', async () => {
      const { record, store } = await setup();
      await record(true, 100.5);
      await record(false, 5000);
      expect(await record(true, 300)).toEqual({
        circuit: { state: 'closed', since: 0 },
        samples: 3,
        failures: 1,
        consecutiveFailures: 0,
        latencyMs: 200.25,
      });
      expect(await store.read(key, WINDOW)).toMatchObject({ samples: 3, failures: 1 });
    });

    it('keeps samples a longer window still counts when a shorter one is read', async () => {
      const { clock, store, record } = await setup();
      await record(false);
      await clock.advance(10_000);
      await record(true);
      expect(await store.read(key, 5_000)).toMatchObject({ samples: 1, failures: 0 });
      expect(await store.read(key, WINDOW)).toMatchObject({ samples: 2, failures: 1 });
    });

    it('forgets samples as they fall out of the window', async () => {
      const { clock, store, record } = await setup();
      await record(false);
      await clock.advance(30_000);
      await record(true);
      expect(await store.read(key, WINDOW)).toMatchObject({ samples: 2, failures: 1 });
      await clock.advance(30_000);
      // Exactly one window old: out.
      expect(await store.read(key, WINDOW)).toMatchObject({ samples: 1, failures: 0 });
      await clock.advance(30_000);
      expect(await store.read(key, WINDOW)).toMatchObject({ samples: 0, latencyMs: undefined });
    });

    it('counts a shorter window when asked for one', async () => {
      const { clock, store, record } = await setup();
      await record(false);
      await clock.advance(1000);
      await record(true);
      expect(await store.read(key, 500)).toMatchObject({ samples: 1, failures: 0 });
    });

    it('counts failures in a row across windows, until a success', async () => {
      const { clock, record } = await setup();
      await record(false);
      await record(false);
      await clock.advance(WINDOW * 2);
      expect(await record(false)).toMatchObject({ consecutiveFailures: 3, samples: 1 });
      expect(await record(true)).toMatchObject({ consecutiveFailures: 0 });
    });

    it('keeps at most maxSamples, oldest out first', async () => {
      const { record } = await setup(3);
      await record(false);
      await record(true);
      await record(true);
      expect(await record(true)).toMatchObject({ samples: 3, failures: 0 });
    });

    it('keeps identical samples apart', async () => {
      const { record } = await setup();
      await record(false, 100);
      expect(await record(false, 100)).toMatchObject({ samples: 2, failures: 2 });
    });

    it('moves the circuit only from the expected state (compare-and-set)', async () => {
      const { clock, store, record } = await setup();
      expect(await store.transition(key, 'open', { state: 'half-open', since: 1 })).toBe(false);
      expect(await store.transition(key, 'closed', { state: 'open', since: clock.now() })).toBe(
        true,
      );
      expect(await store.read(key, WINDOW)).toMatchObject({
        circuit: { state: 'open', since: START },
      });
      const probes = await Promise.all(
        [1, 2, 3, 4].map((since) => store.transition(key, 'open', { state: 'half-open', since })),
      );
      expect(probes.filter(Boolean)).toHaveLength(1);
      expect(await record(true)).toMatchObject({ circuit: { state: 'half-open' } });
      expect(await store.transition(key, 'half-open', { state: 'closed', since: 9 })).toBe(true);
      expect((await store.read(key, WINDOW)).circuit).toEqual({ state: 'closed', since: 9 });
    });

    it('keeps keys apart', async () => {
      const { store, record } = await setup();
      await record(false);
      await store.transition(key, 'closed', { state: 'open', since: 5 });
      expect(await store.read(healthKey('openai', 'gpt-5-mini'), WINDOW)).toMatchObject({
        circuit: { state: 'closed' },
        samples: 0,
        consecutiveFailures: 0,
      });
    });
  });
}
