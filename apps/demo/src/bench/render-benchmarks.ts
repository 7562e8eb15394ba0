import { int, ms } from './bench-format.js';
import { type BenchResults, checkTargets } from './bench-results.js';
import type { LoadResult } from './closed-loop.js';
import { renderPortkey, renderStreaming } from './render-portkey.js';

const mib = (n: number) => n.toFixed(1);

const loadHeader = (unit: string) => [
  `| | ${unit}/s | p50 ms | p99 ms | CPU µs per call | ${unit} | errors |`,
  '|---|---:|---:|---:|---:|---:|---:|',
];
const loadRow = (name: string, r: LoadResult) =>
  `| ${name} | ${int(r.rps)} | ${ms(r.p50Ms)} | ${ms(r.p99Ms)} | ${int(r.cpuUsPerCall)} | ${int(r.requests)} | ${r.errors} |`;

/** BENCHMARKS.md: the machine, the command, the numbers, the date, and the targets met or not. */
export function renderBenchmarks(results: BenchResults): string {
  const { machine, inProcess, layerCosts, gateway, memory } = results;
  const { layers } = layerCosts;
  const llmuxUs = (layers.at(-1)?.cpuUsPerCall ?? 0) - (layers[0]?.cpuUsPerCall ?? 0);
  const checks = checkTargets(results);
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
    ...checks.map((c) => `| ${c.name} | ${c.measured} | ${c.met ? 'yes' : 'no'} |`),
    '',
    '## In process: the whole stack against the official SDK alone',
    '',
    `Both call the same Anthropic simulator (its own process, answering at once) with the same short question, a different one each call, ${inProcess.concurrency} calls in flight. The stack routes it (to Claude Haiku), limits it, misses the cache, stores the answer and calls the same SDK.`,
    '',
    ...loadHeader('requests'),
    loadRow('Anthropic SDK → simulator', inProcess.direct),
    loadRow('llmux stack → SDK → simulator (cache miss)', inProcess.stack),
    '',
    `The stack keeps ${(inProcess.ratio * 100).toFixed(1)}% of the direct throughput. CPU per call is this process's (the simulator's is its own): the stack adds ${int(inProcess.stack.cpuUsPerCall - inProcess.direct.cpuUsPerCall)} µs to the SDK's ${int(inProcess.direct.cpuUsPerCall)} µs, and with both cores busy throughput falls about as CPU per call rises.`,
    '',
    "### Where the stack's cost goes",
    '',
    `The same kind of call through the SDK alone, then through each layer of one stack in turn, from the adapter out to the whole stack, ${layerCosts.concurrency} calls in flight: CPU time per call, the median of ${layerCosts.rounds} rounds. The SDK's \`fetch\` answers at once in process, so no HTTP client, socket or server is counted: only what the SDK's own code and each layer spend.`,
    '',
    '| layers | CPU µs per call | added by the layer |',
    '|---|---:|---:|',
    ...layers.map(
      (row, i) =>
        `| ${row.layer} | ${int(row.cpuUsPerCall)} | ${i === 0 ? '' : int(row.addedUs)} |`,
    ),
    '',
    `llmux adds ${int(llmuxUs)} µs per call in all; the HTTP client and the socket are most of the rest of a real call (${int(inProcess.direct.cpuUsPerCall)} µs above).`,
    '',
    '## The gateway under load',
    '',
    `autocannon, ${gateway.seconds} s per run after a 1 s warm-up, a new question in every request (all cache misses). Direct: the simulator's Anthropic API. Gateway: \`llmux-demo serve\` (workers: ${gateway.workers}), OpenAI-compatible chat completions, routed to Claude Haiku on the same simulator, one log line per request to a file.`,
    '',
    '| connections | direct requests/s | direct p50 ms | direct p99 ms | gateway requests/s | gateway p50 ms | gateway p99 ms | gateway failures |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...gateway.gateway.map((g, i) => {
      const d = gateway.direct[i]!;
      return `| ${g.connections} | ${int(d.rps)} | ${d.p50Ms} | ${d.p99Ms} | ${int(g.rps)} | ${g.p50Ms} | ${g.p99Ms} | ${g.failures} |`;
    }),
    '',
    ...renderPortkey(results.portkey),
    ...renderStreaming(results.streaming),
    '## Cache hits and the Redis rate limiter',
    '',
    ...loadHeader('operations'),
    loadRow('cache hit through the whole stack (memory store)', results.cacheHits),
    results.redisLimiter
      ? loadRow('rate limiter on Redis: reserve and settle one call', results.redisLimiter)
      : `| rate limiter on Redis | not measured: no Redis at ${results.redisUrl} | | | | | |`,
    '',
    '## Memory',
    '',
    `${int(memory.requests)} different questions through one stack (32 in flight, ${int(memory.rps)} requests/s), each answer stored until the cache's LRU bound (10,000 entries) evicts it. Measured after a full garbage collection.`,
    '',
    '| | resident set | heap used |',
    '|---|---:|---:|',
    `| after ${int(memory.requests)} requests | ${mib(memory.rssMiB)} MiB | ${mib(memory.heapUsedMiB)} MiB |`,
    `| growth over the last ${int(memory.requests / 2)} | ${mib(memory.rssGrowthMiB)} MiB | ${mib(memory.heapGrowthMiB)} MiB |`,
    '',
    `The resident set holds what V8 reserved for its heap under allocation pressure (${mib(memory.heapTotalMiB)} MiB) and what the allocator kept after the peak; what the stack still holds is the heap used. A leak would show as growth over the last half.`,
    '',
  ];
  return lines.join('\n');
}
