import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { defaultCatalog } from '@llmux/core';
import { createOpenAI } from '@llmux/provider-openai';
import {
  type RedisTestServer,
  type Simulator,
  type SimulatorBehavior,
  startRedisTestServer,
  startSimulator,
} from '@llmux/testkit';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LimitsByScope } from './limits.js';
import { rateLimit } from './rate-limited-model.js';
import { createRedisStore } from './redis-store.js';
import { redisServerMissing } from './test-fixtures.js';

/**
 * Limits hold across processes: three Node processes share the Redis on 127.0.0.1:6379 and call
 * one simulator at once; the simulator's counters say what it received. Then the same through a
 * private Redis that is frozen and killed under load.
 */

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, '..');
const worker = join(here, 'fleet-worker.mjs');
const run = `llmux-test:ratelimit-fleet:${process.pid}-${Date.now()}`;
const client = createClient({ url: 'redis://127.0.0.1:6379' });
const model = 'gpt-4.1';

/** The workers import the package's dist: build it when a source file is newer. */
function ensureBuilt(): void {
  const newest = (dir: string): number =>
    Math.max(
      ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
        const path = join(dir, entry.name);
        return entry.isDirectory() ? newest(path) : statSync(path).mtimeMs;
      }),
    );
  let built = 0;
  try {
    built = statSync(join(packageDir, 'dist/index.js')).mtimeMs;
  } catch {
    // Not built yet.
  }
  if (built > newest(here)) return;
  const tsup = createRequire(import.meta.url).resolve('tsup/dist/cli-default.js');
  execFileSync(process.execPath, [tsup, 'src/index.ts', '--format', 'esm', '--dts', '--clean'], {
    cwd: packageDir,
    stdio: 'ignore',
  });
}

type Outcome = { ok: true; costUsd: number } | { ok: false; kind: string; retryAfterMs?: number };

interface FleetRun {
  simulator: Simulator;
  /** Set once the workers have warmed up, with the counters reset. */
  behavior: Partial<SimulatorBehavior>;
  limits: LimitsByScope;
  prefix: string;
  calls: number;
  prompt: string;
  maxOutputTokens: number;
  maxWaitMs: number;
}

/** Starts three workers, lets them all fire at once, and gathers every call's outcome. */
async function fleet(options: FleetRun): Promise<Outcome[]> {
  const config = JSON.stringify({
    baseURL: options.simulator.baseURL,
    model,
    limits: options.limits,
    prefix: options.prefix,
    calls: options.calls,
    prompt: options.prompt,
    maxOutputTokens: options.maxOutputTokens,
    maxWaitMs: options.maxWaitMs,
  });
  // Unlimited while the workers warm up; the behaviour under test starts from zero counters.
  options.simulator.reset();
  const workers: ChildProcess[] = [0, 1, 2].map(() =>
    spawn(process.execPath, [worker, config], {
      cwd: packageDir,
      stdio: ['pipe', 'pipe', 'inherit'],
    }),
  );
  const lines = workers.map((child) =>
    createInterface({ input: child.stdout! })[Symbol.asyncIterator](),
  );
  try {
    for (const line of lines) expect((await line.next()).value).toBe('ready');
    options.simulator.reset();
    options.simulator.configure(options.behavior);
    admittedAt = [];
    for (const child of workers) child.stdin!.write('go\n');
    const results = await Promise.all(lines.map(async (line) => String((await line.next()).value)));
    await Promise.all(
      workers.map((child) => (child.exitCode === null ? once(child, 'exit') : null)),
    );
    return results.flatMap((result) => JSON.parse(result) as Outcome[]);
  } finally {
    for (const child of workers) if (child.exitCode === null) child.kill();
  }
}

let simulator: Simulator;
/** When the simulator admitted each call (its reply hook runs right after admission). */
let admittedAt: number[];

beforeAll(async () => {
  ensureBuilt();
  await client.connect();
  admittedAt = [];
  simulator = await startSimulator('openai', {
    behavior: {
      reply: () => {
        admittedAt.push(Date.now());
        return {};
      },
    },
  });
}, 60_000);

afterAll(async () => {
  await simulator?.close();
  for await (const keys of client.scanIterator({ MATCH: `{${run}:*`, COUNT: 500 })) {
    if (keys.length) await client.del(keys);
  }
  client.destroy();
});

describe('a fleet of three processes sharing one Redis', () => {
  it('keeps requests per minute, a short sliding window and concurrency across processes', async () => {
    const windowMs = 400;
    const outcomes = await fleet({
      simulator,
      behavior: { limits: { requestsPerMinute: 30 }, latencyMs: 30 },
      limits: {
        model: {
          requestsPerMinute: 30,
          concurrentRequests: 3,
          windows: [{ measure: 'requests', limit: 4, windowMs }],
        },
      },
      prefix: `${run}:windows`,
      calls: 12,
      prompt: 'Say hello',
      maxOutputTokens: 16,
      maxWaitMs: 6_000,
    });

    const served = outcomes.filter((outcome) => outcome.ok);
    const refused = outcomes.filter((outcome) => !outcome.ok);
    // 36 calls, 30 allowed in the minute: the other 6 are refused once they cannot wait.
    expect(served).toHaveLength(30);
    expect(refused).toHaveLength(6);
    for (const outcome of refused) {
      expect(outcome).toMatchObject({ kind: 'rate_limited', retryAfterMs: expect.any(Number) });
    }
    // The simulator enforces its sliding minute with 429s: it never had to.
    expect(simulator.counters.rateLimited).toBe(0);
    expect(simulator.counters.byStatus).toEqual({ 200: 30 });
    expect(simulator.counters.peakConcurrency).toBeLessThanOrEqual(3);
    // No span of the short window held more than 4 admissions. Reservations keep it exactly;
    // arrivals can bunch by the difference in their trips to the simulator, allowed up to 100 ms.
    expect(admittedAt).toHaveLength(30);
    for (const at of admittedAt) {
      const inWindow = admittedAt.filter((t) => t > at - (windowMs - 100) && t <= at);
      expect(inWindow.length).toBeLessThanOrEqual(4);
    }
  }, 30_000);

  it('never overspends a budget by more than the calls in flight', async () => {
    const budgetUsd = 0.002;
    const maxOutputTokens = 40;
    const prompt = 'Please repeat this sentence back to me exactly as it is written here.';
    const outcomes = await fleet({
      simulator,
      behavior: { latencyMs: 30 },
      limits: { global: { spendPerDayUsd: budgetUsd } },
      prefix: `${run}:budget`,
      calls: 10,
      prompt,
      maxOutputTokens,
      maxWaitMs: 5_000,
    });

    const pricing = defaultCatalog.get('openai', model)!.pricing;
    const spentUsd =
      (simulator.counters.inputTokens * pricing.input +
        simulator.counters.outputTokens * pricing.output) /
      1_000_000;
    // The most one call can cost: its input plus every output token it may ask for.
    const callUsd =
      ((prompt.length / 4 + 20) * pricing.input + maxOutputTokens * pricing.output) / 1e6;
    const served = outcomes.filter((outcome) => outcome.ok);
    expect(
      outcomes.filter((outcome) => !outcome.ok && outcome.kind === 'budget_exceeded').length,
    ).toBe(30 - served.length);
    expect(served.length).toBeGreaterThan(3);
    expect(spentUsd).toBeLessThanOrEqual(budgetUsd + simulator.counters.peakConcurrency * callUsd);
    // Estimates are upper bounds here, so the budget itself held; and it was nearly all used.
    expect(spentUsd).toBeLessThanOrEqual(budgetUsd);
    expect(spentUsd).toBeGreaterThan(budgetUsd - 2 * callUsd);

    // Any process reads the fleet's spend back from Redis: the settled actual costs.
    const reader = rateLimit(
      createOpenAI({ apiKey: 'sk-fleet-test', baseURL: simulator.baseURL })(model),
      {
        limits: { global: { spendPerDayUsd: budgetUsd } },
        store: createRedisStore({ client, prefix: `${run}:budget` }),
      },
    );
    const spend = await reader.spend();
    expect(spend.dailyBudgetUsd).toBe(budgetUsd);
    expect(spend.dayUsd).toBeCloseTo(
      served.reduce((sum, outcome) => sum + (outcome.ok ? outcome.costUsd : 0), 0),
      12,
    );
  }, 30_000);
});

/** What one process of the outage run saw. */
interface OutageReport {
  outcomes: Array<{ at: number; ok: boolean; kind?: string; message?: string }>;
  admissions: Array<{ at: number; limiting: string; inFlight: number }>;
  health: Array<{
    at: number;
    state: string;
    limiting: string;
    processes: number;
    localShare: number;
  }>;
  final: { state: string; limiting: string };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(redisServerMissing)(
  `a fleet of three processes when their Redis freezes and dies${redisServerMissing ? ' (skipped: redis-server is not installed)' : ''}`,
  () => {
    let redis: RedisTestServer;

    beforeAll(async () => {
      redis = await startRedisTestServer();
    });

    afterAll(async () => {
      await redis?.stop();
    });

    it('absorbs the fault: full concurrency within 5 s of Redis answering, limits kept per process meanwhile', async () => {
      const concurrency = 6;
      const prefix = 'fleet-outage';
      const config = JSON.stringify({
        redisUrl: redis.url,
        baseURL: simulator.baseURL,
        model,
        prefix,
        users: 4,
        maxWaitMs: 8_000,
        limits: {
          model: { concurrentRequests: concurrency },
          global: { spendPerDayUsd: 1_000 },
        },
      });
      const workers: ChildProcess[] = [0, 1, 2].map(() =>
        spawn(process.execPath, [join(here, 'fleet-outage-worker.mjs'), config], {
          cwd: packageDir,
          stdio: ['pipe', 'pipe', 'inherit'],
        }),
      );
      const lines = workers.map((child) =>
        createInterface({ input: child.stdout! })[Symbol.asyncIterator](),
      );
      const samples: Array<{ at: number; inFlight: number }> = [];
      let sampling: ReturnType<typeof setInterval> | undefined;
      try {
        for (const line of lines) expect((await line.next()).value).toBe('ready');
        simulator.reset();
        simulator.configure({ latencyMs: 200 });
        sampling = setInterval(
          () => samples.push({ at: Date.now(), inFlight: simulator.counters.inFlight }),
          20,
        );
        for (const child of workers) child.stdin!.write('go\n');
        await sleep(2_000);
        const frozenAt = Date.now();
        redis.pause();
        await sleep(3_000);
        redis.resume();
        const resumedAt = Date.now();
        await sleep(5_000);
        const killedAt = Date.now();
        await redis.stop();
        await sleep(3_000);
        await redis.start();
        const restartedAt = Date.now();
        await sleep(5_000);
        for (const child of workers) child.stdin!.write('stop\n');
        const reports = await Promise.all(
          lines.map(async (line) => JSON.parse(String((await line.next()).value)) as OutageReport),
        );
        await Promise.all(
          workers.map((child) => (child.exitCode === null ? once(child, 'exit') : null)),
        );
        clearInterval(sampling);

        const peak = (from: number, to: number) =>
          Math.max(0, ...samples.filter(({ at }) => at >= from && at < to).map((s) => s.inFlight));
        const outcomes = reports.flatMap((report) => report.outcomes);
        const refused = outcomes.filter((outcome) => !outcome.ok);
        console.info(
          `fleet outage run: ${outcomes.length} calls, ${refused.length} refused; in flight at ` +
            `the provider, peak before the freeze ${peak(0, frozenAt)}, while frozen ` +
            `${peak(frozenAt + 1_000, resumedAt)}, 4-5 s after it ${peak(resumedAt + 4_000, resumedAt + 5_000)}, ` +
            `while dead ${peak(killedAt + 1_000, restartedAt)}, 4-5 s after its restart ` +
            `${peak(restartedAt + 4_000, restartedAt + 5_000)}, overall ${peak(0, Infinity)}`,
        );

        // Nothing was refused: no leaked lease or hold ever took a slot.
        expect(refused).toEqual([]);
        expect(outcomes.length).toBeGreaterThan(150);
        // Full concurrency within 5 s of Redis answering again, after the freeze and the restart.
        expect(peak(resumedAt + 4_000, resumedAt + 5_000)).toBe(concurrency);
        expect(peak(restartedAt + 4_000, restartedAt + 5_000)).toBe(concurrency);
        // The fleet keeps the limit throughout, but for a moment after Redis dies or comes back:
        // the calls each process let through in Redis just before, or alone just before, are
        // not seen by the others until they end (or it comes back too).
        expect(peak(0, resumedAt)).toBeLessThanOrEqual(concurrency);
        expect(peak(resumedAt + 1_000, killedAt)).toBeLessThanOrEqual(concurrency);
        expect(peak(killedAt + 1_000, restartedAt)).toBeLessThanOrEqual(concurrency);
        expect(peak(restartedAt + 1_000, Infinity)).toBeLessThanOrEqual(concurrency);
        for (const report of reports) {
          // Each learned that three processes share the store, and counted alone at a third.
          const down = report.health.filter((change) => change.state === 'down');
          expect(down.length).toBeGreaterThanOrEqual(2);
          for (const change of down) {
            expect(change).toMatchObject({ limiting: 'local', processes: 3 });
            expect(change.localShare).toBeCloseTo(1 / 3, 10);
          }
          // While Redis was dead, every call let through alone kept this process at its share.
          const alone = report.admissions.filter(
            ({ at, limiting }) => limiting === 'local' && at > killedAt && at < restartedAt,
          );
          expect(alone.length).toBeGreaterThan(5);
          expect(Math.max(...alone.map(({ inFlight }) => inFlight))).toBeLessThanOrEqual(
            Math.floor(concurrency / 3),
          );
          expect(report.final).toMatchObject({ state: 'up', limiting: 'store' });
        }
        // Nothing is left held in Redis once the calls are over, well before any lease lapses.
        const probe = createClient({ url: redis.url });
        await probe.connect();
        try {
          const now = Date.now();
          expect(await probe.zCount(`{${prefix}}:c:m:openai:${model}`, now, '+inf')).toBe(0);
          const day = new Date(now).toISOString().slice(0, 10);
          expect(await probe.zCard(`{${prefix}}:s:g:d${day}:holds`)).toBe(0);
        } finally {
          probe.destroy();
        }
      } finally {
        clearInterval(sampling);
        redis.resume();
        for (const child of workers) if (child.exitCode === null) child.kill();
      }
    }, 45_000);
  },
);
