import Anthropic from '@anthropic-ai/sdk';
import type { GenerateRequest } from '@llmux/core';
import type { LlmuxConfig } from '@llmux/gateway';
import { parseConfig } from '@llmux/gateway';

/** The key the stack's Claude adapter sends to the benchmark's simulator, which takes any. */
export const BENCH_ANTHROPIC_KEY = 'llmux-bench';

/**
 * The whole stack as the demo composes it (incident-response rules, failover, a rate limiter per
 * model, the memory cache), its Claude calls pointed at `upstream` as a live endpoint. The
 * limits are far above any load here: every call pays for the limiter's bookkeeping, none waits.
 * Raw, as a configuration file holds it.
 */
export const benchRawConfig = (upstream: string) => ({
  providers: { anthropic: { baseURL: upstream } },
  router: { preset: 'incident-response' },
  rateLimits: { limits: { model: { requestsPerMinute: 100_000_000 } } },
  cache: { enabled: true },
});

export const benchConfig = (upstream: string): LlmuxConfig =>
  parseConfig(benchRawConfig(upstream), {}, 'bench');

/** What `createStack` needs to treat the benchmark's simulator as Claude's live API. */
export const benchStackOptions = {
  live: true,
  env: { ANTHROPIC_API_KEY: BENCH_ANTHROPIC_KEY },
} as const;

/** A short question, different for each `run` and call: through the stack, always a cache miss. */
export const benchQuestion = (run: string, i: number): string =>
  `Is the checkout service healthy? (${run} #${i})`;

/** `benchQuestion` as a llmux request, as deterministic as the cache needs to store it. */
export const benchRequest = (run: string, i: number): GenerateRequest => ({
  messages: [{ role: 'user', content: benchQuestion(run, i) }],
  maxOutputTokens: 64,
  temperature: 0,
});

/** The official SDK alone asking `upstream`, as Claude Haiku, what `benchRequest` asks. */
export function directSdkCall(upstream: string, fetch?: typeof globalThis.fetch) {
  const client = new Anthropic({
    apiKey: BENCH_ANTHROPIC_KEY,
    baseURL: upstream,
    maxRetries: 0,
    fetch,
  });
  return (run: string) => (i: number) =>
    client.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 64,
      messages: [{ role: 'user', content: benchQuestion(run, i) }],
    });
}
