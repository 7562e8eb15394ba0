import { BENCH_ANTHROPIC_KEY } from './bench-config.js';
import type { GatewayProcess, SimulatorProcess } from './bench-servers.js';

/** Where a load generator sends its requests, and what. */
export interface Target {
  url: string;
  headers: Record<string, string>;
  /** A different question each time, so that every request is a cache miss. */
  body: (question: string) => string;
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
