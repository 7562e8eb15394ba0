import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { LlmuxError } from '@llmux/core';
import { type BenchResults, checkTargets } from './bench-results.js';
import { startGatewayProcess, startSimulatorProcess } from './bench-servers.js';
import { benchCacheHits } from './cache-hit-bench.js';
import { benchGateway, gatewayTarget } from './gateway-bench.js';
import { benchInProcess } from './in-process-bench.js';
import { benchLayerCosts } from './layer-cost-bench.js';
import { machineInfo } from './machine-info.js';
import { benchMemory } from './memory-bench.js';
import { benchAgainstPortkey } from './portkey-bench.js';
import { portkeyTarget, startPortkeyProcess } from './portkey-server.js';
import { startRawRelay } from './raw-relay.js';
import { benchRedisLimiter } from './redis-limiter-bench.js';
import { renderBenchmarks } from './render-benchmarks.js';
import { benchStreaming } from './streaming-bench.js';

export const benchUsage = `Usage: llmux-demo bench [--out PATH] [--quick]
  --out PATH   where to write the results (default: BENCHMARKS.md at the workspace root)
  --quick      short runs and 10,000 requests for memory: to try it, not to publish`;

/** The folder holding `pnpm-workspace.yaml` above `from`, or `from` itself. */
function workspaceRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (dirname(dir) === dir) return from;
  }
}

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: { out: { type: 'string' }, quick: { type: 'boolean' } },
    }).values;
  } catch (error) {
    throw new LlmuxError({
      kind: 'invalid_request',
      message: `${(error as Error).message}\n${benchUsage}`,
    });
  }
}

/** A progress line on stderr, with the seconds since the bench started. */
const stepper = (started: number) => (line: string) =>
  process.stderr.write(`bench [${Math.round((performance.now() - started) / 1_000)} s]: ${line}\n`);

/**
 * `bench`: measures the stack in process, the gateway under load, cache hits, the Redis rate
 * limiter and memory, then writes BENCHMARKS.md and prints it. Missed targets are reported,
 * never an error: benchmarks measure, tests assert.
 */
export async function runBenchCommand(args: string[]): Promise<void> {
  const values = parse(args);
  const step = stepper(performance.now());
  const quick = values.quick === true;
  const out = values.out ?? join(workspaceRoot(process.cwd()), 'BENCHMARKS.md');
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const load = { concurrency: 16, durationMs: quick ? 1_000 : 2_500 };
  const seconds = quick ? 2 : 6;
  const requests = quick ? 10_000 : 100_000;
  const work = await mkdtemp(join(tmpdir(), 'llmux-bench-'));
  const simulator = await startSimulatorProcess();
  let results: BenchResults;
  try {
    // First, so that the resident size is that of a process that has done nothing else.
    step(`memory over ${requests.toLocaleString('en-US')} requests`);
    const memory = await benchMemory(simulator.url, requests);
    step('in process: the stack against the SDK alone');
    const inProcess = await benchInProcess(simulator.url, load);
    step('in process: what each layer of the stack costs per call');
    const layerCosts = await benchLayerCosts({ ...load, rounds: quick ? 1 : 5 });
    step('the gateway under load (autocannon)');
    const gatewayProcess = await startGatewayProcess({
      cli: process.argv[1]!,
      upstream: simulator.url,
      configFile: join(work, 'llmux.bench.json'),
      logFile: join(work, 'requests.jsonl'),
      workers: 'auto',
    });
    const oneWorker = await startGatewayProcess({
      cli: process.argv[1]!,
      upstream: simulator.url,
      configFile: join(work, 'llmux.bench-1.json'),
      logFile: join(work, 'requests-1.jsonl'),
      workers: 1,
    });
    const portkeyProcess = await startPortkeyProcess();
    const rawRelay = await startRawRelay(simulator.url);
    let gateway: Awaited<ReturnType<typeof benchGateway>>;
    let portkey: Awaited<ReturnType<typeof benchAgainstPortkey>>;
    let streaming: Awaited<ReturnType<typeof benchStreaming>>;
    const portkeySeconds = quick ? 1 : 3;
    try {
      gateway = await benchGateway(simulator, gatewayProcess, { connections: [1, 32], seconds });
      step("the gateway against Portkey's, interleaved");
      portkey = await benchAgainstPortkey(
        {
          'llmux, 1 worker': gatewayTarget(oneWorker),
          'llmux, a worker per core': gatewayTarget(gatewayProcess),
        },
        portkeyTarget(portkeyProcess, simulator),
        { connections: [32, 1], seconds: portkeySeconds, rounds: quick ? 1 : 3 },
      );
      step('streaming through the gateway');
      streaming = await benchStreaming(simulator, oneWorker, rawRelay, {
        ttftStreams: quick ? 50 : 300,
        chunks: 1_000,
        streams: quick ? 5 : 20,
        rounds: quick ? 1 : 3,
      });
    } finally {
      await Promise.all([gatewayProcess, oneWorker, portkeyProcess, rawRelay].map((p) => p.stop()));
    }
    step('cache hits');
    const cacheHits = await benchCacheHits(simulator.url, load);
    step(`the rate limiter on Redis (${redisUrl})`);
    const redisLimiter = await benchRedisLimiter(redisUrl, load);
    results = {
      date: new Date(),
      command: quick ? 'pnpm bench -- --quick' : 'pnpm bench',
      machine: machineInfo(),
      inProcess,
      layerCosts,
      gateway: { ...gateway, workers: 'auto', seconds },
      portkey: { ...portkey, seconds: portkeySeconds },
      streaming,
      cacheHits,
      redisLimiter,
      redisUrl,
      memory,
    };
  } finally {
    await simulator.stop();
    await rm(work, { recursive: true, force: true });
  }
  const markdown = renderBenchmarks(results);
  await writeFile(out, markdown);
  process.stdout.write(`${markdown}\n`);
  const missed = checkTargets(results).filter((check) => !check.met);
  step(
    `wrote ${out}; ${missed.length === 0 ? 'every target met' : `${missed.length} target(s) not met (reported, not a failure)`}`,
  );
}
