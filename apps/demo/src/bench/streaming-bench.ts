import { percentile } from '../report/percentile.js';
import type { SimulatorProcess } from './bench-servers.js';
import { directTarget, gatewayTarget, type Target } from './bench-targets.js';
import { processCpuUs } from './process-cpu.js';

export interface StreamingResult {
  /** Streams timed for the first token, one at a time. */
  ttftStreams: number;
  directTtftMs: { p50: number; p99: number };
  gatewayTtftMs: { p50: number; p99: number };
  /** Text chunks in each stream relayed for the CPU comparison. */
  chunks: number;
  relayedStreams: number;
  /** CPU of the relaying process per stream, in microseconds. */
  rawRelayCpuUs: number;
  gatewayCpuUs: number;
}

/** The simulator streams its echo of the question in 8-character chunks. */
const SIM_CHUNK_CHARS = 8;
const questionOf = (chunks: number) => 'x'.repeat(chunks * SIM_CHUNK_CHARS - 'Echo: '.length);

/**
 * A streaming request to `target`; resolves with the ms to the first text, after reading it all.
 * `maxTokens` replaces the target's short answer limit, so a long echo streams whole.
 */
async function stream(target: Target, question: string, maxTokens?: number): Promise<number> {
  const request = { ...JSON.parse(target.body(question)), stream: true };
  if (maxTokens !== undefined) request.max_tokens = maxTokens;
  const body = JSON.stringify(request);
  const began = performance.now();
  const res = await fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers },
    body,
  });
  if (!res.ok || !res.body) throw new Error(`${target.url} answered ${res.status}`);
  const decoder = new TextDecoder();
  let firstTokenMs: number | undefined;
  let bytes = 0;
  for await (const chunk of res.body) {
    bytes += chunk.byteLength;
    // Both dialects carry the echo's first text chunk, "Echo: …", in the first delta.
    if (firstTokenMs === undefined && decoder.decode(chunk, { stream: true }).includes('Echo')) {
      firstTokenMs = performance.now() - began;
    }
  }
  if (firstTokenMs === undefined) throw new Error(`${target.url} streamed no text`);
  // Each chunk's event carries its text and more: fewer bytes than the question means a cut echo.
  if (bytes < question.length) throw new Error(`${target.url} streamed ${bytes} bytes, cut short`);
  return firstTokenMs;
}

let streamed = 0;
/** CPU the process `pid` spends per stream of `question` through `target`, streamed in turn. */
async function cpuPerStream(target: Target, pid: number, question: string, streams: number) {
  const before = await processCpuUs(pid);
  // A different question each time: the gateway's cache must not answer for the stream.
  for (let i = 0; i < streams; i++) {
    const n = String(++streamed);
    // A token a character is room for the whole echo: the simulator counts 4 characters a token.
    await stream(target, n + question.slice(n.length), question.length);
  }
  return ((await processCpuUs(pid)) - before) / streams;
}

/**
 * Streaming through the gateway (one worker, its process's CPU read from /proc): the time to the
 * first token against the simulator streamed directly, one stream at a time; and the CPU of
 * relaying a `chunks`-chunk stream, against a relay that only pipes bytes (`rawRelay`),
 * interleaved in `rounds`.
 */
export async function benchStreaming(
  simulator: SimulatorProcess,
  gateway: { url: string; apiKey: string; pid: number },
  rawRelay: { url: string; pid: number },
  options: { ttftStreams: number; chunks: number; streams: number; rounds: number },
): Promise<StreamingResult> {
  const direct = directTarget(simulator);
  const viaGateway = gatewayTarget(gateway);
  const direct1: number[] = [];
  const gateway1: number[] = [];
  const warmup = 50;
  for (let i = 0; i < options.ttftStreams + warmup; i++) {
    const question = `Is the checkout service healthy? (stream #${i})`;
    const [d, g] = [await stream(direct, question), await stream(viaGateway, question)];
    if (i < warmup) continue;
    direct1.push(d);
    gateway1.push(g);
  }
  const question = questionOf(options.chunks);
  const relayed = { ...direct, url: `${rawRelay.url}/v1/messages` };
  let raw = 0;
  let viaGatewayCpu = 0;
  await cpuPerStream(relayed, rawRelay.pid, question, 5);
  await cpuPerStream(viaGateway, gateway.pid, question, 5);
  for (let round = 0; round < options.rounds; round++) {
    raw += await cpuPerStream(relayed, rawRelay.pid, question, options.streams);
    viaGatewayCpu += await cpuPerStream(viaGateway, gateway.pid, question, options.streams);
  }
  const summary = (ms: number[]) => ({
    p50: percentile(ms, 50) ?? 0,
    p99: percentile(ms, 99) ?? 0,
  });
  return {
    ttftStreams: options.ttftStreams,
    directTtftMs: summary(direct1),
    gatewayTtftMs: summary(gateway1),
    chunks: options.chunks,
    relayedStreams: options.streams * options.rounds,
    rawRelayCpuUs: raw / options.rounds,
    gatewayCpuUs: viaGatewayCpu / options.rounds,
  };
}
