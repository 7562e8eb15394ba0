import autocannon from 'autocannon';
import { BENCH_ANTHROPIC_KEY } from './bench-config.js';
import type { GatewayProcess, SimulatorProcess } from './bench-servers.js';

export interface HttpLoad {
  connections: number;
  /** Completed requests per second. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers that were not 2xx, and connection errors. */
  failures: number;
}

export interface GatewayResult {
  direct: HttpLoad[];
  gateway: HttpLoad[];
}

export interface Target {
  url: string;
  headers: Record<string, string>;
  /** A different question each time, so that every request is a cache miss. */
  body: (question: string) => string;
}

export async function load(
  target: Target,
  connections: number,
  seconds: number,
): Promise<HttpLoad> {
  let n = 0;
  const question = () => `Is the checkout service healthy? (#${++n})`;
  // autocannon's `idReplacement` gets Content-Length wrong with ids of another length.
  const options = {
    url: target.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers },
    requests: [
      { setupRequest: (request: object) => ({ ...request, body: target.body(question()) }) },
    ],
    connections,
  };
  // Warm up connections, JIT and (in the gateway) every worker before measuring.
  await autocannon({ ...options, duration: 1 });
  const result = await autocannon({ ...options, duration: seconds });
  return {
    connections,
    rps: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failures: result.non2xx + result.errors,
  };
}

/** The simulator's own Anthropic Messages API, as the SDK calls it. */
export const directTarget = (simulator: SimulatorProcess): Target => ({
  url: `${simulator.url}/v1/messages`,
  headers: { 'x-api-key': BENCH_ANTHROPIC_KEY, 'anthropic-version': '2023-06-01' },
  body: (question) =>
    JSON.stringify({
      model: 'claude-haiku-4-5',
      max_tokens: 64,
      messages: [{ role: 'user', content: question }],
    }),
});

/** An OpenAI chat completion to the llmux gateway, which routes it (`auto`) to Claude Haiku. */
export const gatewayTarget = (gateway: Pick<GatewayProcess, 'url' | 'apiKey'>): Target => ({
  url: `${gateway.url}/v1/chat/completions`,
  headers: { authorization: `Bearer ${gateway.apiKey}` },
  body: (question) =>
    JSON.stringify({
      model: 'auto',
      max_tokens: 64,
      temperature: 0,
      messages: [{ role: 'user', content: question }],
    }),
});

/**
 * The gateway under load (autocannon, one new question per request, so every one is a cache
 * miss and goes to the simulator through the stack) against the same simulator called directly
 * with the Anthropic API, at each of `connections`.
 */
export async function benchGateway(
  simulator: SimulatorProcess,
  gateway: GatewayProcess,
  options: { connections: number[]; seconds: number },
): Promise<GatewayResult> {
  const direct = directTarget(simulator);
  const viaGateway = gatewayTarget(gateway);
  const result: GatewayResult = { direct: [], gateway: [] };
  for (const connections of options.connections) {
    result.direct.push(await load(direct, connections, options.seconds));
    result.gateway.push(await load(viaGateway, connections, options.seconds));
  }
  return result;
}
