import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { benchRawConfig, benchStackOptions } from './bench-config.js';
import { startNodeChild } from './child-process.js';

export interface SimulatorProcess {
  /** What the Anthropic SDK takes as base URL. */
  url: string;
  stop(): Promise<void>;
}

/** An Anthropic simulator (testkit's `llmux-sim`) in its own process, answering at once. */
export async function startSimulatorProcess(): Promise<SimulatorProcess> {
  const testkit = createRequire(import.meta.url).resolve('@llmux/testkit');
  const child = await startNodeChild(
    [join(dirname(testkit), 'cli.js'), '--provider', 'anthropic'],
    /listening on (http:\/\/\S+)/,
  );
  return { url: child.match[1]!, stop: child.stop };
}

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export interface GatewayProcess {
  url: string;
  /** The tenant key to send as `Authorization: Bearer <key>`. */
  apiKey: string;
  workers: number | 'auto';
  /** The process serving (the primary when there are several workers). */
  pid: number;
  stop(): Promise<void>;
}

/**
 * The demo's own gateway (`llmux-demo serve`), as a deployment runs it: in child processes, the
 * bench stack behind it with Claude pointed at `upstream`, one log line per request to `logFile`.
 */
export async function startGatewayProcess(options: {
  /** The demo's built CLI (`dist/cli.js`). */
  cli: string;
  upstream: string;
  configFile: string;
  logFile: string;
  workers: number | 'auto';
  /** Options for node itself, such as `--cpu-prof`. */
  nodeOptions?: string[];
}): Promise<GatewayProcess> {
  const port = await freePort();
  const apiKey = randomBytes(24).toString('hex');
  const config = {
    ...benchRawConfig(options.upstream),
    gateway: { host: '127.0.0.1', port, workers: options.workers },
    tenants: { bench: { keyEnv: 'LLMUX_BENCH_KEY' } },
    logging: { level: 'info', file: options.logFile },
  };
  await writeFile(options.configFile, JSON.stringify(config));
  const child = await startNodeChild(
    [
      ...(options.nodeOptions ?? []),
      options.cli,
      'serve',
      '--live',
      '--config',
      options.configFile,
    ],
    /listening on http|starting \d+ workers/,
    { env: { ...process.env, ...benchStackOptions.env, LLMUX_BENCH_KEY: apiKey } },
  );
  const url = `http://127.0.0.1:${port}`;
  await untilReady(`${url}/healthz`);
  return { url, apiKey, workers: options.workers, pid: child.pid, stop: child.stop };
}

/** Workers come up after the primary says it started them. */
export async function untilReady(url: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(url).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not become ready`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
