import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RedisTestServer, startRedisTestServer } from '@llmux/testkit';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Three gateway processes, started from the built CLI as an operator starts them, share one
 * Redis that the test stalls (SIGSTOP) and kills (SIGKILL) under load. What the clients see is
 * what counts: no request refused because of state a stall or a kill left behind.
 */
const GATEWAYS = 3;
/** The tenant's concurrency across the fleet. */
const SLOTS = 4;
const KEY = 'llmux-fleet-acme-key';
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

let redis: RedisTestServer;
let folder: string;
const processes: ChildProcess[] = [];
let urls: string[] = [];

/** Starts one gateway and resolves with its URL once it listens. */
async function startProcess(configPath: string): Promise<string> {
  const child = spawn(
    process.execPath,
    [cli, '--config', configPath, '--port', '0', '--workers', '1'],
    { env: { ...process.env, LLMUX_KEY_ACME: KEY }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  processes.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /listening on (http:\/\/[^ ]+)/.exec(output);
      if (listening) resolve(listening[1]!);
    });
    child.once('exit', (code) => reject(new Error(`gateway exited (${code}): ${output}`)));
  });
}

beforeAll(async () => {
  redis = await startRedisTestServer();
  folder = await mkdtemp(join(tmpdir(), 'llmux-fleet-'));
  const configPath = join(folder, 'llmux.config.json');
  const slow = { latencyMs: 300, timeToFirstTokenMs: 300 };
  await writeFile(
    configPath,
    JSON.stringify({
      gateway: { host: '127.0.0.1', workers: 1 },
      providers: {
        anthropic: { simulator: slow },
        openai: { simulator: slow },
        gemini: { simulator: slow },
      },
      tenants: { acme: { keyEnv: 'LLMUX_KEY_ACME' } },
      router: { preset: 'incident-response' },
      rateLimits: {
        mode: 'fail-fast',
        limits: { tenant: { concurrentRequests: SLOTS } },
      },
      cache: { enabled: false },
      redis: { url: redis.url, prefix: 'fleet:' },
      logging: { level: 'silent' },
    }),
  );
  urls = await Promise.all(Array.from({ length: GATEWAYS }, () => startProcess(configPath)));
}, 30_000);

afterAll(async () => {
  await Promise.all(
    processes.map(async (child) => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }),
  );
  await redis?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

const clients = () =>
  urls.map((url) => new OpenAI({ apiKey: KEY, baseURL: `${url}/v1`, maxRetries: 0 }));

type Outcome = 'ok' | number | 'failed';

/** One request; its HTTP status when refused. */
async function call(client: OpenAI, text: string): Promise<Outcome> {
  try {
    await client.chat.completions.create({
      model: 'auto',
      messages: [{ role: 'user', content: text }],
    });
    return 'ok';
  } catch (error) {
    return error instanceof OpenAI.APIError && error.status !== undefined ? error.status : 'failed';
  }
}

/** `SLOTS` requests at once, spread over the gateways: the fleet's whole concurrency. */
const fullConcurrency = (label: string) => {
  const all = clients();
  return Promise.all(
    Array.from({ length: SLOTS }, (_, i) => call(all[i % all.length]!, `${label} ${i}`)),
  );
};

/** More than the slots: refused lanes ask again at once, so reservations are always on the way. */
const LANES = 3 * SLOTS;

/** Keeps `LANES` requests going until `stop` resolves; returns every outcome. */
async function load(stop: Promise<void>): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let stopped = false;
  void stop.then(() => (stopped = true));
  const all = clients();
  await Promise.all(
    Array.from({ length: LANES }, async (_, lane) => {
      for (let i = 0; !stopped; i++) {
        outcomes.push(await call(all[lane % all.length]!, `load ${lane}.${i}`));
      }
    }),
  );
  return outcomes;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Tries the full concurrency until it all goes through; the time it took after `since`. */
async function recoveredAfter(since: number, label: string): Promise<number> {
  for (let round = 0; round < 40; round++) {
    const outcomes = await fullConcurrency(`${label} ${round}`);
    if (outcomes.every((o) => o === 'ok')) return Date.now() - since;
    await pause(250);
  }
  throw new Error(`${label}: the fleet never got its ${SLOTS} slots back`);
}

describe('a fleet of gateways sharing Redis', () => {
  it('has its full concurrency within 5 s of a 3 s Redis stall under load', async () => {
    expect(await fullConcurrency('before')).toEqual(Array(SLOTS).fill('ok'));
    const stalled = pause(500).then(async () => {
      redis.pause();
      await pause(3_000);
      redis.resume();
    });
    const outcomes = await load(stalled);
    const resumedAt = Date.now();
    const took = await recoveredAfter(resumedAt, 'after the stall');
    console.log(
      `fleet: ${outcomes.length} requests during a 3 s stall, ${outcomes.filter((o) => o !== 'ok').length} refused; full concurrency ${took} ms after Redis answered again`,
    );
    expect(took).toBeLessThan(5_000);
    // A moment later it is still whole: nothing a late script did takes slots again.
    await pause(1_000);
    expect(await fullConcurrency('settled')).toEqual(Array(SLOTS).fill('ok'));
  }, 30_000);

  it('keeps answering with Redis killed, and is whole again once it is back', async () => {
    const killed = pause(300).then(async () => {
      await redis.stop();
      await pause(2_000);
    });
    const outcomes = await load(killed);
    const answered = outcomes.filter((o) => o === 'ok').length;
    console.log(`fleet: ${answered} of ${outcomes.length} requests answered with Redis killed`);
    // Limits hold per process meanwhile (a fair share each), so some lanes are refused, typed.
    expect(outcomes.filter((o) => o !== 'ok' && o !== 429)).toEqual([]);
    expect(answered).toBeGreaterThan(0);
    await redis.start();
    const took = await recoveredAfter(Date.now(), 'after the restart');
    expect(took).toBeLessThan(5_000);
  }, 30_000);
});
