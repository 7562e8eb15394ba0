import type { LlmuxConfig } from '@llmux/gateway';
import { parseConfig } from '@llmux/gateway';

/** At most `requests` calls to one model in any `windowMs` of scenario time. */
export interface BurstLimit {
  requests: number;
  windowMs: number;
}

/**
 * Providers enforce their per-minute limits over short intervals (Anthropic: 60 requests a
 * minute "may be enforced as 1 request per second"), so a burst meets them at once. Ten
 * calls per model in any 5 s leaves steady traffic alone and stops an alert storm.
 */
export const defaultBurstLimit: BurstLimit = { requests: 10, windowMs: 5_000 };

export interface ScenarioConfigOptions {
  burstLimit: BurstLimit;
  env?: Record<string, string | undefined>;
}

/**
 * The stack the scenario runs: the incident-response routing rules, two calls per candidate
 * before failing over, circuits that open after 5 failures in a row and probe after 30 s, a
 * per-model limit the burst runs into (refusing at once, as under failover it should), a
 * 10-minute cache, and the post-incident review sent as provider batches.
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
        // Under failover a limiter refuses at once: failover waits out a short retry-after or
        // moves the request on, where waiting in the limiter's line would hold it here.
        mode: 'fail-fast',
        limits: {
          model: {
            windows: [
              {
                measure: 'requests',
                limit: options.burstLimit.requests,
                windowMs: options.burstLimit.windowMs,
              },
            ],
          },
        },
      },
      cache: { enabled: true, ttlMs: 600_000 },
      // The review's requests are collected for 5 minutes, then sent as one batch.
      batch: { enabled: true, minBatchSize: 5, maxWaitMs: 300_000 },
      logging: { level: 'info' },
    },
    options.env ?? {},
    'scenario',
  );
}
