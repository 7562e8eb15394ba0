import { createManualClock, sequentialIds } from '@llmux/core';
import type { Meter, Tracer } from '@opentelemetry/api';
import OpenAI from 'openai';
import { afterEach, expect } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { type RunningGateway, startGateway } from './start-gateway.js';

export const ACME_KEY = 'llmux-test-acme-0123456789';
export const GLOBEX_KEY = 'llmux-test-globex-0123456789';
export const env = { ACME_KEY, GLOBEX_KEY };

export const testConfig = {
  gateway: { maxBodyBytes: 16 * 1024, shutdownTimeoutMs: 5000 },
  tenants: { acme: { keyEnv: 'ACME_KEY' }, globex: { keyEnv: 'GLOBEX_KEY' } },
  router: { preset: 'incident-response', budgetGuards: true },
  failover: { retry: { maxAttempts: 1 } },
  rateLimits: {
    limits: {
      tenant: { requestsPerMinute: 10_000 },
      tenants: { globex: { spendPerMonthUsd: 0 } },
    },
  },
  cache: { enabled: true },
};

const running: RunningGateway[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((g) => g.stop()));
});

/**
 * A gateway on a free loopback port over the stack on simulators, a manual clock, sequential
 * request ids and an in-memory log; `client` is the official OpenAI SDK pointed at it.
 */
export async function startTestGateway(
  options: {
    config?: Record<string, unknown>;
    tracer?: Tracer;
    meter?: Meter;
    /** More environment variables (an admin key). */
    env?: Record<string, string>;
  } = {},
) {
  const lines: string[] = [];
  const clock = createManualClock(Date.parse('2026-11-25T10:00:00Z'));
  const withEnv = { ...env, ...options.env };
  const gateway = await startGateway(parseConfig({ ...testConfig, ...options.config }, withEnv), {
    env: withEnv,
    clock,
    ids: sequentialIds('req'),
    port: 0,
    tracer: options.tracer,
    meter: options.meter,
    logDestination: { write: (line: string) => void lines.push(line) },
  });
  running.push(gateway);
  const client = new OpenAI({ apiKey: ACME_KEY, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
  const logs = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { gateway, client, clock, logs, raw: () => lines.join('') };
}

/** The rejection of a call through the SDK, as an `APIError`. */
export async function sdkRefusal(call: Promise<unknown>) {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OpenAI.APIError);
  return error as InstanceType<typeof OpenAI.APIError>;
}
