import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { LlmuxError } from '@llmux/core';
import { type BenchResults, checkTargets } from './bench-results.js';
import { startGatewayProcess, startSimulatorProcess } from './bench-servers.js';
import { directTarget, gatewayTarget } from './bench-targets.js';
import { benchCacheHits } from './cache-hit-bench.js';
import { compareGateways, gateways } from './gateway-comparison.js';
import { profileGateway } from './gateway-profile.js';
import { benchInProcess } from './in-process-bench.js';
import { benchLayerCosts } from './layer-cost-bench.js';
import { machineInfo } from './machine-info.js';
import { benchMemory } from './memory-bench.js';
import { portkeyTarget, startPortkeyProcess } from './portkey-server.js';
import { startRawRelay } from './raw-relay.js';
import { benchRedisLimiter } from './redis-limiter-bench.js';
import { renderBenchmarks } from './render-benchmarks.js';
import { benchStreaming } from './streaming-bench.js';
import { ensureWrk } from './wrk-load.js';

/** What `--only` can pick, in the order they run. */
const sections = [
  'gateways',
  'profile',
  'streaming',
  'memory',
  'in-process',
  'layers',
  'cache-hits',
  'redis',
] as const;
type Section = (typeof sections)[number];

export const benchUsage = `Usage: llmux-demo bench [--out PATH] [--quick] [--only SECTIONS]
  --out PATH       where to write the results (default: BENCHMARKS.md at the workspace root;
                   with --only, standard output alone unless --out is given)
  --quick          short runs and 10,000 requests for memory: to try it, not to publish
  --only SECTIONS  some of ${sections.join(',')}, comma-separated`;

const invalid = (message: string) =>
  new LlmuxError({ kind: 'invalid_request', message: `${message}\n${benchUsage}` });

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
      options: {
        out: { type: 'string' },
        quick: { type: 'boolean' },
        only: { type: 'string' },
      },
    }).values;
  } catch (error) {
    throw invalid((error as Error).message);
  }
}

/** A progress line on stderr, with the seconds since the bench started. */
const stepper = (started: number) => (line: string) =>
  process.stderr.write(`bench [${Math.round((performance.now() - started) / 1_000)} s]: ${line}\n`);

function pickSections(only: string | undefined): Set<Section> {
  if (only === undefined) return new Set(sections);
  const picked = only.split(',').map((s) => s.trim());
  const unknown = picked.filter((s) => !(sections as readonly string[]).includes(s));
  if (unknown.length > 0) throw invalid(`--only: no section ${unknown.join(', ')}`);
  return new Set(picked as Section[]);
}

/**
 * `bench`: measures the gateway against Portkey's and the simulator, streaming, memory, the
 * stack in process, cache hits and the Redis rate limiter, then writes BENCHMARKS.md and prints
 * it. Missed targets are reported, never an error: benchmarks measure, tests assert.
 */
export async function runBenchCommand(given: string[]): Promise<void> {
  // `pnpm bench -- --quick` passes the separator on.
  const args = given[0] === '--' ? given.slice(1) : given;
  const values = parse(args);
  const step = stepper(performance.now());
  const quick = values.quick === true;
  const only = pickSections(values.only);
  const out =
    values.out ??
    (values.only === undefined ? join(workspaceRoot(process.cwd()), 'BENCHMARKS.md') : undefined);
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const load = { concurrency: 16, durationMs: quick ? 1_000 : 2_500 };
  const requests = quick ? 10_000 : 200_000;
  const work = await mkdtemp(join(tmpdir(), 'llmux-bench-'));
  const simulator = await startSimulatorProcess();
  const gatewayOptions = (name: string, workers: number | 'auto') => ({
    cli: process.argv[1]!,
    upstream: simulator.url,
    configFile: join(work, `llmux.${name}.json`),
    logFile: join(work, `requests.${name}.jsonl`),
    workers,
  });
  const gateway = (name: string, workers: number | 'auto') =>
    startGatewayProcess(gatewayOptions(name, workers));
  const results: BenchResults = {
    date: new Date(),
    command: `pnpm bench${args.length > 0 ? ` -- ${args.join(' ')}` : ''}`,
    machine: machineInfo(),
    redisUrl,
  };
  try {
    if (['gateways', 'profile', 'memory'].some((s) => only.has(s as Section))) ensureWrk(step);
    if (only.has('gateways')) {
      step("the gateway against Portkey's and the simulator, interleaved (wrk)");
      const started = await Promise.all([gateway('1', 1), gateway('auto', 'auto')]);
      const portkey = await startPortkeyProcess();
      try {
        results.gateways = await compareGateways(
          {
            [gateways.direct]: directTarget(simulator),
            [gateways.oneWorker]: gatewayTarget(started[0]),
            [gateways.perCore]: gatewayTarget(started[1]),
            [gateways.portkey]: portkeyTarget(portkey, simulator),
          },
          { connections: [32, 1], seconds: quick ? 1 : 3, rounds: quick ? 1 : 3 },
        );
      } finally {
        await Promise.all([...started, portkey].map((p) => p.stop()));
      }
    }
    if (only.has('profile')) {
      step("the gateway's CPU by package, under V8's profiler");
      results.gatewayProfile = await profileGateway(
        (nodeOptions) => startGatewayProcess({ ...gatewayOptions('profile', 1), nodeOptions }),
        { connections: 32, seconds: quick ? 2 : 6 },
      );
    }
    if (only.has('streaming')) {
      step('streaming through the gateway');
      const [oneWorker, rawRelay] = await Promise.all([
        gateway('stream', 1),
        startRawRelay(simulator.url),
      ]);
      try {
        results.streaming = await benchStreaming(simulator, oneWorker, rawRelay, {
          ttftStreams: quick ? 50 : 300,
          chunks: 1_000,
          streams: quick ? 5 : 20,
          rounds: quick ? 1 : 3,
        });
      } finally {
        await Promise.all([oneWorker, rawRelay].map((p) => p.stop()));
      }
    }
    if (only.has('memory')) {
      step(`memory: ${requests.toLocaleString('en-US')} requests through a new gateway (wrk)`);
      const fresh = await gateway('memory', 1);
      try {
        results.memory = await benchMemory(fresh, requests);
      } finally {
        await fresh.stop();
      }
    }
    if (only.has('in-process')) {
      step('in process: the stack against the SDK alone');
      results.inProcess = await benchInProcess(simulator.url, load);
    }
    if (only.has('layers')) {
      step('in process: what each layer of the stack costs per call');
      // Two ways of calling, each run half as long: the section takes as long as one way did.
      const durationMs = load.durationMs / 2;
      results.layerCosts = await benchLayerCosts({ ...load, durationMs, rounds: quick ? 1 : 5 });
    }
    if (only.has('cache-hits')) {
      step('cache hits');
      const { load: hits, observed, profile } = await benchCacheHits(simulator.url, load);
      results.cacheHits = hits;
      results.observedCacheHits = observed;
      results.cacheHitProfile = profile;
    }
    if (only.has('redis')) {
      step(`the rate limiter on Redis (${redisUrl})`);
      results.redisLimiter = (await benchRedisLimiter(redisUrl, load)) ?? null;
    }
  } finally {
    await simulator.stop();
    await rm(work, { recursive: true, force: true });
  }
  const markdown = renderBenchmarks(results);
  if (out) await writeFile(out, markdown);
  process.stdout.write(`${markdown}\n`);
  const missed = checkTargets(results).filter((check) => !check.met);
  step(
    `${out ? `wrote ${out}; ` : ''}${missed.length === 0 ? 'every target met' : `${missed.length} target(s) not met (reported, not a failure)`}`,
  );
}
