import type { LlmuxConfig } from '../config/config-schema.js';
import { parseConfig } from '../config/parse-config.js';

export interface ScenarioConfigOptions {
  /** What the llmux limiter lets each model take, per minute of scenario time. */
  requestsPerMinute: number;
  env?: Record<string, string | undefined>;
}

/**
 * The stack the scenario runs: the incident-response routing rules, two calls per candidate
 * before failing over, circuits that open after 5 failures in a row and probe after 30 s, a
 * per-model request rate the burst runs into (waiting at most 5 s), and a 10-minute cache.
 */
export function scenarioConfig(options: ScenarioConfigOptions): LlmuxConfig {
  return parseConfig(
    {
      router: { preset: 'incident-response' },
      failover: {
        retry: { maxAttempts: 2, baseMs: 200, capMs: 2_000 },
        breaker: { windowMs: 60_000, consecutiveFailures: 5, openMs: 30_000 },
        timeouts: { attemptMs: 60_000 },
      },
      rateLimits: {
        mode: 'wait',
        maxWaitMs: 5_000,
        limits: { model: { requestsPerMinute: options.requestsPerMinute } },
      },
      cache: { enabled: true, ttlMs: 600_000 },
      logging: { level: 'info' },
    },
    options.env ?? {},
    'scenario',
  );
}
