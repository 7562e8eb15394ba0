import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * A gateway cluster (a primary and two workers), started from the built CLI as an operator
 * starts it: `/metrics` adds up the workers, and a worker that dies takes none of its counts away.
 */
const KEY = 'llmux-cluster-acme-key';
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

let folder: string;
let primary: ChildProcess;
let url: string;
let stderr = '';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** Resolves once the primary's stderr has said `text`. */
const said = (text: string) =>
  new Promise<void>((resolve) => {
    const look = () => {
      if (!stderr.includes(text)) return;
      primary.stderr!.off('data', look);
      resolve();
    };
    primary.stderr!.on('data', look);
    look();
  });

/** `/metrics` until every worker is in it: the counters named, summed over their series. */
async function scrape(): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const totals: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const match = /^(llmux_\w+_total)(?:\{[^}]*\})? ([\d.e+-]+)$/.exec(line);
    if (match) totals[match[1]!] = (totals[match[1]!] ?? 0) + Number(match[2]);
  }
  return totals;
}

const workerPids = () =>
  execFileSync('ps', ['-o', 'pid=', '--ppid', String(primary.pid)])
    .toString()
    .split('\n')
    .map((pid) => Number(pid.trim()))
    .filter((pid) => pid > 0);

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'llmux-cluster-'));
  const configPath = join(folder, 'llmux.config.json');
  await writeFile(
    configPath,
    JSON.stringify({
      gateway: { host: '127.0.0.1' },
      tenants: { acme: { keyEnv: 'LLMUX_KEY_ACME' } },
      router: { preset: 'incident-response' },
      cache: { enabled: false },
      logging: { level: 'silent' },
    }),
  );
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  primary = spawn(
    process.execPath,
    [cli, '--config', configPath, '--port', String(port), '--workers', '2'],
    { env: { ...process.env, LLMUX_KEY_ACME: KEY }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  primary.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  await said('starting 2 workers');
  // Up once both workers answer: each reports to the primary once it listens.
  for (;;) {
    const up = await fetch(`${url}/healthz`).then(
      (res) => res.ok,
      () => false,
    );
    if (up && workerPids().length === 2) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}, 30_000);

afterAll(async () => {
  if (primary && primary.exitCode === null) {
    const exited = once(primary, 'exit');
    primary.kill('SIGTERM');
    await exited;
  }
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('a gateway cluster', () => {
  it("keeps a dead worker's counts in /metrics: no counter goes down", async () => {
    const client = new OpenAI({ apiKey: KEY, baseURL: `${url}/v1`, maxRetries: 0 });
    const ask = (i: number) =>
      client.chat.completions.create({
        model: 'auto',
        messages: [{ role: 'user', content: `Status of service ${i}?` }],
      });
    await Promise.all(Array.from({ length: 20 }, (_, i) => ask(i)));
    const before = await scrape();
    expect(before.llmux_requests_total).toBe(20);

    const [victim] = workerPids();
    process.kill(victim!, 'SIGKILL');
    await said(`worker ${victim} died`);
    const after = await scrape();
    for (const [name, value] of Object.entries(before)) {
      expect(after[name], name).toBeGreaterThanOrEqual(value);
    }
    await Promise.all(Array.from({ length: 5 }, (_, i) => ask(100 + i)));
    expect((await scrape()).llmux_requests_total).toBe(25);
  });
});
