import { int, ms } from './bench-format.js';
import type { BenchResults } from './bench-results.js';
import { type GatewayComparison, gateways } from './gateway-comparison.js';
import type { GatewayProfile } from './gateway-profile.js';
import { renderShares } from './render-shares.js';

const ratio = (n: number) => `${n.toFixed(2)}×`;

/** BENCHMARKS.md's comparison of the llmux gateway with Portkey's and the simulator, as lines. */
export function renderGateways(comparison: GatewayComparison): string[] {
  return [
    '## The gateway under load, against Portkey',
    '',
    `The same OpenAI chat completion (a new question each time, so every one is a cache miss), translated to the Anthropic Messages API and sent to the same simulator: by \`llmux-demo serve\` (the whole bench stack: router, limiter, cache miss, one log line per request to a file) with one worker and a worker per core, and by Portkey's open-source gateway (\`@portkey-ai/gateway\`, one process as its bin runs, \`x-portkey-provider: anthropic\` with the simulator as custom host); and the simulator's Anthropic API called directly. wrk (one thread), interleaved: one ${comparison.seconds} s run of each in turn (each after a 1 s warm-up), ${comparison.rounds} round${comparison.rounds === 1 ? '' : 's'}; requests/s is the mean of the rounds, latencies their median. Ratio: llmux requests/s over Portkey's.`,
    '',
    '| connections | server | requests/s | p50 ms | p99 ms | failures | / Portkey |',
    '|---:|---|---:|---:|---:|---:|---:|',
    ...comparison.rows.flatMap((row) => {
      const portkey = row.loads[gateways.portkey];
      return Object.entries(row.loads).map(([name, g]) => {
        const compared = name.startsWith('llmux') ? ratio(g.rps / portkey.rps) : '';
        return `| ${row.connections} | ${name} | ${int(g.rps)} | ${ms(g.p50Ms)} | ${ms(g.p99Ms)} | ${g.failures} | ${compared} |`;
      });
    }),
    '',
  ];
}

/** BENCHMARKS.md's profile of a gateway worker under load, as lines. */
export function renderGatewayProfile(p: GatewayProfile): string[] {
  return [
    "### Where a gateway worker's time goes",
    '',
    `\`llmux-demo serve\` with one worker under V8's CPU profiler (\`node --cpu-prof\`), wrk at ${p.connections} connections for ${p.seconds} s (${int(p.rps)} requests/s, slowed by the profiler): the samples taken under load, by the package (or part of Node.js and V8) whose code was running, per request served. Idle time is left out. The profiler samples the wall clock: a write to a loopback socket wakes the reader, and on a busy machine the time the scheduler then gives the reader is charged to the write (\`Node.js: socket writes\`). The process's own CPU time, from /proc, was ${p.cpuUsPerRequest.toFixed(1)} µs per request.`,
    '',
    ...renderShares('code', 'request', p.shares),
    '',
  ];
}

/** BENCHMARKS.md's streaming rows, as lines. */
export function renderStreaming(s: NonNullable<BenchResults['streaming']>): string[] {
  return [
    '## Streaming through the gateway',
    '',
    `Time to first token, one stream at a time (${int(s.ttftStreams)} streams each, alternating): the simulator's Anthropic stream called directly, and an OpenAI chat completion stream through \`llmux-demo serve\` (one worker) to it.`,
    '',
    '| | p50 ms | p99 ms |',
    '|---|---:|---:|',
    `| direct | ${ms(s.directTtftMs.p50)} | ${ms(s.directTtftMs.p99)} |`,
    `| through the gateway | ${ms(s.gatewayTtftMs.p50)} | ${ms(s.gatewayTtftMs.p99)} |`,
    `| the gateway adds | ${ms(s.gatewayTtftMs.p50 - s.directTtftMs.p50)} | ${ms(s.gatewayTtftMs.p99 - s.directTtftMs.p99)} |`,
    '',
    `CPU of relaying one ${int(s.chunks)}-chunk stream (${int(s.relayedStreams)} streams each, interleaved), read from /proc for the relaying process alone: a relay that only pipes the bytes, and the gateway, which parses each Anthropic event and writes it as an OpenAI chunk.`,
    '',
    '| relay | CPU µs per stream | µs per chunk |',
    '|---|---:|---:|',
    `| raw pipe | ${int(s.rawRelayCpuUs)} | ${(s.rawRelayCpuUs / s.chunks).toFixed(1)} |`,
    `| llmux gateway | ${int(s.gatewayCpuUs)} | ${(s.gatewayCpuUs / s.chunks).toFixed(1)} |`,
    '',
    `The gateway spends ${ratio(s.gatewayCpuUs / s.rawRelayCpuUs)} the raw relay's CPU on a stream.`,
    '',
  ];
}
