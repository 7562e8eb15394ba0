import { int, ms } from './bench-format.js';
import type { BenchResults } from './bench-results.js';

const ratio = (n: number) => `${n.toFixed(2)}×`;

/** BENCHMARKS.md's comparison of the llmux gateway with Portkey's, as lines. */
export function renderPortkey(portkey: BenchResults['portkey']): string[] {
  return [
    "## The gateway against Portkey's",
    '',
    `The same OpenAI chat completion (a new question each time), translated to the Anthropic Messages API and sent to the same simulator: by \`llmux-demo serve\` (the whole bench stack: router, limiter, cache miss, log line) with one worker and a worker per core, and by Portkey's open-source gateway (\`@portkey-ai/gateway\`, one process as its bin runs, \`x-portkey-provider: anthropic\` with the simulator as custom host). autocannon, interleaved: one ${portkey.seconds} s run of each in turn (after a 1 s warm-up), ${portkey.rounds} rounds; requests/s is the mean of the rounds, latencies their median. Ratio: llmux requests/s over Portkey's.`,
    '',
    '| connections | gateway | requests/s | p50 ms | p99 ms | failures | llmux / Portkey |',
    '|---:|---|---:|---:|---:|---:|---:|',
    ...portkey.rows.flatMap((row) => [
      ...Object.entries(row.gateways).map(
        ([name, g]) =>
          `| ${row.connections} | ${name} | ${int(g.rps)} | ${g.p50Ms} | ${g.p99Ms} | ${g.failures} | ${ratio(g.ratio)} |`,
      ),
      `| ${row.connections} | Portkey | ${int(row.portkey.rps)} | ${row.portkey.p50Ms} | ${row.portkey.p99Ms} | ${row.portkey.failures} | |`,
    ]),
    '',
  ];
}

/** BENCHMARKS.md's streaming rows, as lines. */
export function renderStreaming(s: BenchResults['streaming']): string[] {
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
