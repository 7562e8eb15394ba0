/**
 * CPU per call of the Anthropic SDK in this process, calling testkit's Anthropic simulator in
 * its own process, through the global fetch and through the transport: interleaved rounds, 16
 * calls in flight, `process.cpuUsage()` of this process. Run after a build: `pnpm bench`.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { createTransport } from '../dist/index.js';

const inFlight = 16;
const callsPerRound = 2000;
const rounds = 7;

const testkit = createRequire(import.meta.url).resolve('@llmux/testkit');
const simulator = spawn(
  process.execPath,
  [join(dirname(testkit), 'cli.js'), '--provider', 'anthropic'],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const url = await new Promise<string>((resolve) => {
  let output = '';
  simulator.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    const match = output.match(/listening on (http:\/\/\S+)/);
    if (match) resolve(match[1]!);
  });
});

const transport = createTransport();
const clientOf = (fetch: typeof globalThis.fetch) =>
  new Anthropic({ apiKey: 'bench', baseURL: url, fetch, maxRetries: 0, logLevel: 'off' });
const variants = {
  'global fetch': clientOf(globalThis.fetch),
  transport: clientOf(transport.fetch),
};
const body = {
  model: 'claude-haiku-4-5',
  max_tokens: 64,
  messages: [{ role: 'user' as const, content: 'hello' }],
};

/** CPU µs per call of `calls` calls, `inFlight` at a time. */
async function cpuPerCall(client: Anthropic, calls: number): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next++ < calls) await client.messages.create(body);
  };
  const before = process.cpuUsage();
  await Promise.all(Array.from({ length: inFlight }, worker));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / calls;
}

for (const client of Object.values(variants)) await cpuPerCall(client, 500);
const samples: Record<string, number[]> = Object.fromEntries(
  Object.keys(variants).map((name) => [name, []]),
);
for (let round = 0; round < rounds; round++) {
  for (const [name, client] of Object.entries(variants)) {
    samples[name]!.push(await cpuPerCall(client, callsPerRound));
  }
}
const median = (values: number[]) => values.toSorted((a, b) => a - b)[values.length >> 1]!;
const fetchUs = median(samples['global fetch']!);
const transportUs = median(samples.transport!);
console.log(
  `CPU µs per call (median of ${rounds} rounds of ${callsPerRound}, ${inFlight} in flight)`,
);
console.log(`  global fetch: ${fetchUs.toFixed(0)}`);
console.log(
  `  transport:    ${transportUs.toFixed(0)}  (${(transportUs / fetchUs).toFixed(2)}× fetch)`,
);
await transport.close();
simulator.kill('SIGTERM');
