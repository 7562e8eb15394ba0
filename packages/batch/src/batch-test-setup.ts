import { createManualClock, type GenerateRequest, type ManualClock } from '@llmux/core';
import { type Simulator, startSimulator } from '@llmux/testkit';
import { afterEach } from 'vitest';
import { anthropicBatch } from './anthropic/anthropic-batch-adapter.js';
import type { BatchAdapter } from './batch-adapter.js';
import type { BatchEvent } from './batch-events.js';
import { geminiBatch } from './gemini/gemini-batch-adapter.js';
import { openaiBatch } from './openai/openai-batch-adapter.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export const models = {
  openai: 'gpt-5-mini',
  anthropic: 'claude-haiku-4-5',
  gemini: 'gemini-2.5-flash',
} as const;

export type ProviderName = keyof typeof models;

export const candidate = (provider: ProviderName) => ({ provider, model: models[provider] });

export const ask = (text: string, extra: Partial<GenerateRequest> = {}): GenerateRequest => ({
  messages: [{ role: 'user', content: text }],
  maxOutputTokens: 50,
  ...extra,
});

const running: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  for (const close of running.splice(0).reverse()) await close();
});

/** Closes `thing` after the test. */
export const cleanup = (close: () => Promise<unknown>) => running.push(close);

/**
 * A manager's timings for tests: a poll a minute, and leases longer than the clock's steps (a
 * lease lapsing while the clock jumps is tested apart).
 */
export const testTimings = { pollIntervalMs: MINUTE, leaseMs: HOUR, claimSettleMs: 1000 };

/**
 * The three providers' simulators on one manual clock, and a batch adapter over each through its
 * official SDK. Batches take an hour by default.
 */
export async function startProviders(
  clock: ManualClock = createManualClock(Date.parse('2026-12-01T00:00:00Z')),
) {
  const sims = {} as Record<ProviderName, Simulator>;
  for (const name of Object.keys(models) as ProviderName[]) {
    sims[name] = await startSimulator(name, { clock });
    sims[name].configure({ batch: { queueMs: MINUTE, processingMs: HOUR } });
    cleanup(() => sims[name].close());
  }
  const settings = { apiKey: 'test-key', clock };
  const adapters: Record<ProviderName, BatchAdapter> = {
    openai: openaiBatch({ ...settings, baseURL: sims.openai.baseURL }),
    anthropic: anthropicBatch({ ...settings, baseURL: sims.anthropic.baseURL }),
    gemini: geminiBatch({ ...settings, baseURL: sims.gemini.baseURL }),
  };
  const events: BatchEvent[] = [];
  return {
    clock,
    sims,
    adapters,
    events,
    observer: (event: BatchEvent) => events.push(event),
    /** Runs the clock until `promise` settles. */
    run: <T>(promise: Promise<T>, options?: Parameters<typeof runUntil>[3]) =>
      runUntil(clock, Object.values(sims), promise, options),
    /** Moves the clock on by `ms`, letting the work it starts finish. */
    pass: (ms: number) => pass(clock, Object.values(sims), ms),
  };
}

/**
 * Lets the work in flight finish: no call open at a simulator, and the clock's sleepers unchanged
 * for a few turns of the event loop.
 */
async function quiet(clock: ManualClock, sims: Simulator[]): Promise<void> {
  let last = -1;
  for (let still = 0; still < 5; ) {
    await new Promise((resolve) => setTimeout(resolve, 3));
    const pending = clock.pending();
    const idle = sims.every((sim) => sim.counters.inFlight === 0);
    still = idle && pending === last ? still + 1 : 0;
    last = pending;
  }
}

async function pass(clock: ManualClock, sims: Simulator[], ms: number): Promise<void> {
  for (let left = ms; left > 0; left -= 15 * MINUTE) {
    await quiet(clock, sims);
    await clock.advance(Math.min(15 * MINUTE, left));
  }
  await quiet(clock, sims);
}

/** Resolves once `check` holds, looking every few milliseconds of real time. */
export async function until(check: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 5));
}

/**
 * Moves the clock on in steps, letting the work each step starts finish, until `promise`
 * settles: a 24-hour batch window runs in milliseconds.
 */
export async function runUntil<T>(
  clock: ManualClock,
  sims: Simulator[],
  promise: Promise<T>,
  { stepMs = 15 * MINUTE, maxMs = 72 * HOUR } = {},
): Promise<T> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let elapsed = 0; ; elapsed += stepMs) {
    await quiet(clock, sims);
    if (settled || elapsed >= maxMs) return promise;
    await clock.advance(stepMs);
  }
}
