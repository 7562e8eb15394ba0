import { randomUUID } from 'node:crypto';
import {
  createManualClock,
  createMemoryHealthStore,
  type HealthStore,
  healthKey,
} from '@llmux/core';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Admission,
  type CircuitBreakerOptions,
  createCircuitBreaker,
  type Permit,
} from './circuit-breaker.js';
import { createRedisHealthStore } from './redis-health-store.js';
import { recorder, START } from './test-support.js';

const key = healthKey('alpha', 'a-small');

const permitOf = (admission: Admission): Permit => {
  if (!admission.allowed) throw new Error(`expected a permit, circuit is ${admission.state}`);
  return admission.permit;
};

function setup(options: CircuitBreakerOptions = {}) {
  const clock = createManualClock(START);
  const store = options.store ?? createMemoryHealthStore({ clock });
  const events = recorder();
  const breaker = createCircuitBreaker(
    { consecutiveFailures: 3, minSamples: 100, openMs: 1000, ...options, store },
    { clock, observer: events.observer },
  );
  const call = async (outcome: 'success' | 'failure' | 'ignore', latencyMs = 10) => {
    const admission = await breaker.acquire(key);
    if (admission.allowed) await breaker.record(admission.permit, outcome, latencyMs);
    return admission;
  };
  const transitions = () => events.of('circuit').map((e) => `${e.from}>${e.to}`);
  return { clock, store, breaker, call, transitions, events };
}

describe('createCircuitBreaker', () => {
  it('lets calls through while closed', async () => {
    const { breaker } = setup();
    expect(await breaker.acquire(key)).toEqual({
      allowed: true,
      permit: { key, probe: false, since: 0 },
    });
  });

  it('opens after a run of consecutive failures, and refuses at once while open', async () => {
    const { call, breaker, clock, transitions, events } = setup();
    await call('failure');
    await call('failure');
    expect(transitions()).toEqual([]);
    await call('failure');
    expect(transitions()).toEqual(['closed>open']);
    expect(events.of('circuit')[0]).toEqual({
      type: 'circuit',
      key,
      from: 'closed',
      to: 'open',
      at: START,
    });
    await clock.advance(400);
    expect(await breaker.acquire(key)).toEqual({
      allowed: false,
      state: 'open',
      retryAfterMs: 600,
      failureRate: 1,
      lastResort: { key, probe: false, since: START },
    });
  });

  it('by default opens on a run of 10 failures, not of 5: a flaky provider is not a dead one', async () => {
    const { call, transitions } = setup({ consecutiveFailures: undefined, minSamples: undefined });
    for (let i = 0; i < 20; i++) await call('success');
    for (let i = 0; i < 9; i++) await call('failure');
    // 9 of 29 is below the default failure rate too.
    expect(transitions()).toEqual([]);
    await call('failure');
    expect(transitions()).toEqual(['closed>open']);
  });

  it('a success breaks the run', async () => {
    const { call, transitions } = setup();
    for (const outcome of ['failure', 'failure', 'success', 'failure', 'failure'] as const) {
      await call(outcome);
    }
    expect(transitions()).toEqual([]);
  });

  it('opens on a failure rate once the window holds enough calls', async () => {
    const { call, transitions } = setup({
      consecutiveFailures: 100,
      minSamples: 4,
      failureRate: 0.5,
    });
    await call('failure');
    await call('failure');
    await call('success');
    expect(transitions()).toEqual([]);
    await call('failure');
    expect(transitions()).toEqual(['closed>open']);
  });

  it('does not open on a rate below the threshold or over too few calls', async () => {
    const { call, transitions } = setup({
      consecutiveFailures: 100,
      minSamples: 4,
      failureRate: 0.75,
    });
    for (const outcome of ['failure', 'success', 'failure', 'success', 'failure'] as const) {
      await call(outcome);
    }
    expect(transitions()).toEqual([]);
  });

  it('forgets failures that fell out of the window', async () => {
    const { call, clock, transitions } = setup({
      consecutiveFailures: 100,
      minSamples: 3,
      windowMs: 10_000,
    });
    await call('failure');
    await call('failure');
    await clock.advance(10_000);
    await call('failure');
    expect(transitions()).toEqual([]);
  });

  it('counts a run of failures only within the window', async () => {
    const { call, clock, transitions } = setup({ windowMs: 10_000 });
    await call('failure');
    await call('failure');
    await clock.advance(10_000);
    await call('failure');
    await call('failure');
    expect(transitions()).toEqual([]);
    await call('failure');
    expect(transitions()).toEqual(['closed>open']);
  });

  it('says how bad a refused circuit is, with a last-resort permit that moves no open circuit', async () => {
    const { call, breaker, clock, store, transitions } = setup();
    await call('success');
    for (let i = 0; i < 3; i++) await call('failure');
    const refusal = await breaker.acquire(key);
    expect(refusal).toMatchObject({ allowed: false, state: 'open', failureRate: 0.75 });
    if (refusal.allowed) throw new Error('expected a refusal');
    await breaker.record(refusal.lastResort, 'success', 5);
    await breaker.record(refusal.lastResort, 'failure', 5);
    expect(transitions()).toEqual(['closed>open']);
    expect(await store.read(key, 60_000)).toMatchObject({ samples: 6, failures: 4 });
    await clock.advance(1000);
    expect(await breaker.acquire(key)).toMatchObject({ allowed: true, permit: { probe: true } });
  });

  it('lets exactly one probe through once open long enough', async () => {
    const { call, breaker, clock, transitions } = setup();
    for (let i = 0; i < 3; i++) await call('failure');
    await clock.advance(1000);
    const admissions = await Promise.all([1, 2, 3].map(() => breaker.acquire(key)));
    expect(admissions.filter((a) => a.allowed)).toEqual([
      { allowed: true, permit: { key, probe: true, since: START + 1000 } },
    ]);
    expect(admissions.filter((a) => !a.allowed)).toMatchObject([
      { allowed: false, state: 'half-open' },
      { allowed: false, state: 'half-open' },
    ]);
    expect(transitions()).toEqual(['closed>open', 'open>half-open']);
  });

  it('closes when the probe succeeds, counting only what came after', async () => {
    const { call, breaker, clock, transitions } = setup({ minSamples: 2, failureRate: 0.5 });
    for (let i = 0; i < 3; i++) await call('failure');
    await clock.advance(1000);
    await breaker.record(permitOf(await breaker.acquire(key)), 'success', 5);
    expect(transitions()).toEqual(['closed>open', 'open>half-open', 'half-open>closed']);
    await clock.advance(1);
    // Three old failures in the window would trip the rate; since closing there is only this one.
    await call('failure');
    expect(transitions()).toHaveLength(3);
    expect((await breaker.acquire(key)).allowed).toBe(true);
  });

  it('re-opens when the probe fails', async () => {
    const { call, breaker, clock, transitions } = setup();
    for (let i = 0; i < 3; i++) await call('failure');
    await clock.advance(1000);
    await breaker.record(permitOf(await breaker.acquire(key)), 'failure', 5);
    expect(transitions()).toEqual(['closed>open', 'open>half-open', 'half-open>open']);
    await clock.advance(999);
    expect(await breaker.acquire(key)).toMatchObject({ allowed: false, retryAfterMs: 1 });
    await clock.advance(1);
    expect(await breaker.acquire(key)).toMatchObject({ allowed: true, permit: { probe: true } });
  });

  it('lets the next caller probe at once when a probe was cancelled', async () => {
    const { call, breaker, clock, transitions } = setup();
    for (let i = 0; i < 3; i++) await call('failure');
    await clock.advance(1000);
    await breaker.record(permitOf(await breaker.acquire(key)), 'ignore', 5);
    expect(transitions()).toEqual(['closed>open', 'open>half-open', 'half-open>open']);
    expect(await breaker.acquire(key)).toMatchObject({ allowed: true, permit: { probe: true } });
  });

  it('takes over a probe that never reported', async () => {
    const { call, breaker, clock } = setup({ probeTimeoutMs: 5000 });
    for (let i = 0; i < 3; i++) await call('failure');
    await clock.advance(1000);
    permitOf(await breaker.acquire(key));
    await clock.advance(4999);
    expect(await breaker.acquire(key)).toMatchObject({ allowed: false, state: 'half-open' });
    await clock.advance(1);
    expect(await breaker.acquire(key)).toMatchObject({ allowed: true, permit: { probe: true } });
  });

  it('does not count a call it was not told the outcome of', async () => {
    const { call, transitions } = setup();
    for (let i = 0; i < 5; i++) await call('ignore');
    expect(transitions()).toEqual([]);
  });

  it('does not trip again on failures from before it last closed', async () => {
    const { call, breaker, clock, transitions } = setup({
      consecutiveFailures: 100,
      minSamples: 2,
    });
    // Two long calls start while closed, and end after the circuit opened.
    const slow = [permitOf(await breaker.acquire(key)), permitOf(await breaker.acquire(key))];
    await call('failure');
    await call('failure');
    await clock.advance(1000);
    const probe = permitOf(await breaker.acquire(key));
    await clock.advance(1);
    await breaker.record(slow[0]!, 'failure', 1001);
    await clock.advance(1);
    await breaker.record(probe, 'success', 2);
    await clock.advance(1);
    // The first slow failure (while half-open) and this one would make 2 of 3; only this one counts.
    await breaker.record(slow[1]!, 'failure', 1003);
    expect(transitions()).toEqual(['closed>open', 'open>half-open', 'half-open>closed']);
  });

  it('lets calls through when its store fails', async () => {
    const broken: HealthStore = {
      read: () => Promise.reject(new Error('down')),
      record: () => Promise.reject(new Error('down')),
      transition: () => Promise.reject(new Error('down')),
    };
    const { breaker } = setup({ store: broken });
    const admission = await breaker.acquire(key);
    expect(admission.allowed).toBe(true);
    await expect(breaker.record(permitOf(admission), 'failure', 1)).resolves.toBeUndefined();
  });

  it('lets at most half of a plan be passed over for its circuits, by default', () => {
    const context = { clock: createManualClock(0) };
    expect(createCircuitBreaker(undefined, context).maxOpenShare).toBe(0.5);
    expect(createCircuitBreaker({ maxOpenShare: 1 }, context).maxOpenShare).toBe(1);
  });

  it('rejects bad options, naming the field', () => {
    const context = { clock: createManualClock(0) };
    expect(() => createCircuitBreaker({ failureRate: 0 }, context)).toThrow(
      /"breaker\.failureRate"/,
    );
    expect(() => createCircuitBreaker({ failureRate: 1.5 }, context)).toThrow(/<= 1/);
    expect(() => createCircuitBreaker({ minSamples: 0 }, context)).toThrow(/"breaker\.minSamples"/);
    expect(() => createCircuitBreaker({ consecutiveFailures: 2.5 }, context)).toThrow(
      /"breaker\.consecutiveFailures"/,
    );
    expect(() => createCircuitBreaker({ openMs: 0 }, context)).toThrow(/"breaker\.openMs"/);
    expect(() => createCircuitBreaker({ windowMs: -1 }, context)).toThrow(/"breaker\.windowMs"/);
    expect(() => createCircuitBreaker({ probeTimeoutMs: 0 }, context)).toThrow(
      /"breaker\.probeTimeoutMs"/,
    );
    expect(() => createCircuitBreaker({ maxOpenShare: 1.5 }, context)).toThrow(
      /"breaker\.maxOpenShare"/,
    );
    expect(() => createCircuitBreaker({ store: {} as HealthStore }, context)).toThrow(
      /"breaker\.store"/,
    );
  });
});

describe('createCircuitBreaker over Redis: a fleet shares one circuit', () => {
  const client = createClient({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
  const prefix = `llmux:test:failover-breaker:${randomUUID()}:`;

  beforeAll(async () => {
    await client.connect();
  });

  afterAll(async () => {
    const keys = await client.keys(`{${prefix}*`);
    if (keys.length > 0) await client.del(keys);
    await client.close();
  });

  it('opens for every process at once, and gives the probe to exactly one', async () => {
    const clock = createManualClock(START);
    const processes = [1, 2, 3].map(() =>
      createCircuitBreaker(
        {
          store: createRedisHealthStore({ client, prefix, clock }),
          consecutiveFailures: 3,
          openMs: 1000,
        },
        { clock },
      ),
    );
    const [one, two, three] = processes as [
      (typeof processes)[0],
      (typeof processes)[0],
      (typeof processes)[0],
    ];
    for (const breaker of [one, two, three]) {
      await breaker.record(permitOf(await breaker.acquire(key)), 'failure', 10);
    }
    for (const breaker of processes) {
      expect(await breaker.acquire(key)).toMatchObject({ allowed: false, state: 'open' });
    }
    await clock.advance(1000);
    const admissions = await Promise.all(processes.map((b) => b.acquire(key)));
    expect(admissions.filter((a) => a.allowed)).toHaveLength(1);
    const prober = processes[admissions.findIndex((a) => a.allowed)]!;
    await prober.record(permitOf(admissions.find((a) => a.allowed)!), 'success', 10);
    for (const breaker of processes) {
      expect(await breaker.acquire(key)).toMatchObject({ allowed: true, permit: { probe: false } });
    }
  });
});
