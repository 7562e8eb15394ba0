import { int, ms } from './bench-format.js';
import { type BenchResults, checkTargets, llmuxAddedUs, memoryGrowth } from './bench-results.js';
import type { LoadResult } from './closed-loop.js';
import type { LayerCost } from './layer-cost-bench.js';
import { renderGatewayProfile, renderGateways, renderStreaming } from './render-gateways.js';
import { renderInProcessProfile } from './render-shares.js';

const mib = (n: number) => n.toFixed(1);

const loadHeader = (unit: string) => [
  `| | ${unit}/s | p50 ms | p99 ms | CPU µs per call | ${unit} | errors |`,
  '|---|---:|---:|---:|---:|---:|---:|',
];
const loadRow = (name: string, r: LoadResult) =>
  `| ${name} | ${int(r.rps)} | ${ms(r.p50Ms)} | ${ms(r.p99Ms)} | ${int(r.cpuUsPerCall)} | ${int(r.requests)} | ${r.errors} |`;

function renderInProcess(inProcess: NonNullable<BenchResults['inProcess']>): string[] {
  return [
    '## In process: the whole stack against the official SDK alone',
    '',
    `All call the same Anthropic simulator (its own process, answering at once) with the same short question, a different one each call, ${inProcess.concurrency} calls in flight. The stack routes it (to Claude Haiku), limits it, misses the cache, stores the answer and calls the same SDK, on the HTTP transport the stack gives its SDK clients (\`@llmux/transport\`); the SDK alone runs with its own \`fetch\`, as users run it, and on that transport.`,
    '',
    ...loadHeader('requests'),
    loadRow('Anthropic SDK → simulator', inProcess.direct),
    loadRow('Anthropic SDK on @llmux/transport → simulator', inProcess.directOnTransport),
    loadRow('llmux stack → SDK → simulator (cache miss)', inProcess.stack),
    '',
    `The stack keeps ${(inProcess.ratio * 100).toFixed(1)}% of the throughput of the SDK alone. CPU per call is this process's (the simulator's is its own): ${int(inProcess.stack.cpuUsPerCall)} µs through the stack against ${int(inProcess.direct.cpuUsPerCall)} µs for the SDK alone, and with both cores busy throughput falls about as CPU per call rises.`,
    '',
  ];
}

function renderLayerCosts(layerCosts: NonNullable<BenchResults['layerCosts']>): string[] {
  const { together, alone, rounds, profile } = layerCosts;
  return [
    "### Where the stack's cost goes",
    '',
    `The same kind of call through the SDK alone, then through each layer of one stack in turn, from the adapter out to the whole stack: CPU time per call, the median of ${rounds} rounds. The SDK's \`fetch\` answers in process, so no HTTP client, socket or server is counted: only what the SDK's own code and each layer spend. Measured two ways: ${together.concurrency} calls in flight, answered at once, so that they share each turn of the event loop; and one call in flight, answered a turn later as a network answers, so that each call pays alone what calls in one turn share (as most of a gateway's calls do).`,
    '',
    `| layers | µs per call, ${together.concurrency} in flight | added by the layer | µs per call, 1 in flight | added by the layer |`,
    '|---|---:|---:|---:|---:|',
    ...together.layers.map((row, i) => {
      const single = alone.layers[i]!;
      const added = (cost: LayerCost) => (i === 0 ? '' : int(cost.addedUs));
      return `| ${row.layer} | ${int(row.cpuUsPerCall)} | ${added(row)} | ${int(single.cpuUsPerCall)} | ${added(single)} |`;
    }),
    '',
    `llmux adds ${int(llmuxAddedUs(together))} µs per call in all with ${together.concurrency} calls in flight, and ${int(llmuxAddedUs(alone))} µs with one.`,
    '',
    ...renderInProcessProfile(
      `The whole stack's calls again (${together.concurrency} in flight), under V8's CPU profiler (in this process, ${int(profile.calls)} calls): where a call's time goes, the SDK's included.`,
      profile,
    ),
  ];
}

function renderCacheAndLimiter(results: BenchResults): string[] {
  const { cacheHits, observedCacheHits, redisLimiter, redisUrl } = results;
  if (!cacheHits && redisLimiter === undefined) return [];
  return [
    '## Cache hits and the Redis rate limiter',
    '',
    ...loadHeader('operations'),
    ...(cacheHits ? [loadRow('cache hit through the whole stack (memory store)', cacheHits)] : []),
    ...(observedCacheHits
      ? [loadRow('the same, with an observer taking every event', observedCacheHits)]
      : []),
    ...(redisLimiter
      ? [loadRow('rate limiter on Redis: reserve and settle one call', redisLimiter)]
      : redisLimiter === null
        ? [`| rate limiter on Redis | not measured: no Redis at ${redisUrl} | | | | | |`]
        : []),
    '',
    ...(results.cacheHitProfile
      ? renderInProcessProfile(
          `A stack without an observer builds no event and no request record: nobody would read them. The cache hits without one again, under V8's CPU profiler (${int(results.cacheHitProfile.calls)} hits): where a hit's time goes.`,
          results.cacheHitProfile,
        )
      : []),
  ];
}

function renderMemory(memory: NonNullable<BenchResults['memory']>): string[] {
  return [
    '## Memory',
    '',
    `${int(memory.requests)} different questions through \`llmux-demo serve\` (one worker, started for this alone; wrk, 32 connections, ${int(memory.rps)} requests/s, ${memory.failures} failures), each answer stored until the cache's LRU bound (10,000 entries) evicts it. The resident set of the gateway's process, read from /proc:`,
    '',
    '| | resident set |',
    '|---|---:|',
    `| after ${int(memory.requests / 2)} requests | ${mib(memory.rssHalfMiB)} MiB |`,
    `| after ${int(memory.requests)} requests | ${mib(memory.rssEndMiB)} MiB |`,
    `| growth over the second half | ${(memoryGrowth(memory) * 100).toFixed(1)}% |`,
    '',
  ];
}

/** BENCHMARKS.md: the machine, the command, the numbers, the date, and the targets met or not. */
export function renderBenchmarks(results: BenchResults): string {
  const { machine, inProcess, layerCosts, gateways, streaming, memory } = results;
  const lines = [
    '# Benchmarks',
    '',
    `Measured by \`${results.command}\` on ${results.date.toISOString().slice(0, 10)}; this file is rewritten by every run.`,
    '',
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB memory, Node ${machine.node}, ${machine.platform}.`,
    '',
    '## Targets',
    '',
    '| target | measured | met |',
    '|---|---|---|',
    ...checkTargets(results).map((c) => `| ${c.name} | ${c.measured} | ${c.met ? 'yes' : 'no'} |`),
    '',
    'What the profiles below show about the targets not met, and what was tried: [docs/performance.md](docs/performance.md).',
    '',
    ...(gateways ? renderGateways(gateways) : []),
    ...(results.gatewayProfile ? renderGatewayProfile(results.gatewayProfile) : []),
    ...(streaming ? renderStreaming(streaming) : []),
    ...(inProcess ? renderInProcess(inProcess) : []),
    ...(layerCosts ? renderLayerCosts(layerCosts) : []),
    ...renderCacheAndLimiter(results),
    ...(memory ? renderMemory(memory) : []),
  ];
  return lines.join('\n');
}
