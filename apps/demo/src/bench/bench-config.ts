import type { LlmuxConfig } from '../config/config-schema.js';
import { parseConfig } from '../config/parse-config.js';

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
