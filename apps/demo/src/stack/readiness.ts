import type { Clock } from '@llmux/core';
import type { ProviderEndpoint } from './provider-endpoints.js';
import type { RedisClient } from './shared-stores.js';

export interface ReadinessCheck {
  name: string;
  ok: boolean;
  /** What failed; never a URL with credentials or a key. */
  detail?: string;
}

export interface Readiness {
  ready: boolean;
  checks: ReadinessCheck[];
}

const liveURLs: Record<ProviderEndpoint['provider'], string> = {
  anthropic: 'https://api.anthropic.com',
  openai: 'https://api.openai.com/v1',
  gemini: 'https://generativelanguage.googleapis.com',
};

export interface ReadinessOptions {
  endpoints: ProviderEndpoint[];
  redis?: RedisClient;
  clock: Clock;
  fetch?: typeof globalThis.fetch;
  /** Longest wait for one check. Default 2000 ms. */
  timeoutMs?: number;
}

/** Runs `probe`, failing it when the clock says it took longer than `timeoutMs`. */
async function within(
  clock: Clock,
  timeoutMs: number,
  probe: (signal: AbortSignal) => Promise<void>,
) {
  const timer = new AbortController();
  const call = new AbortController();
  const timeout = clock.sleep(timeoutMs, timer.signal).then(() => {
    call.abort();
    throw new Error(`no answer within ${timeoutMs} ms`);
  });
  try {
    await Promise.race([probe(call.signal), timeout]);
  } finally {
    timer.abort();
    timeout.catch(() => {});
  }
}

/**
 * Whether the stack can serve: every provider endpoint answers HTTP (any status: it is up), and
 * Redis answers PING when configured.
 */
export async function checkReadiness(options: ReadinessOptions): Promise<Readiness> {
  const { clock, timeoutMs = 2000, fetch = globalThis.fetch } = options;
  const check = async (name: string, probe: (signal: AbortSignal) => Promise<void>) => {
    try {
      await within(clock, timeoutMs, probe);
      return { name, ok: true };
    } catch (error) {
      return { name, ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
  };
  const checks = await Promise.all([
    ...options.endpoints.map((endpoint) =>
      check(`${endpoint.provider} (${endpoint.mode})`, async (signal) => {
        const url = endpoint.simulator?.url ?? endpoint.baseURL ?? liveURLs[endpoint.provider];
        const response = await fetch(url, { signal });
        await response.body?.cancel();
      }),
    ),
    ...(options.redis
      ? [
          check('redis', async () => {
            await options.redis!.ping();
          }),
        ]
      : []),
  ]);
  return { ready: checks.every((c) => c.ok), checks };
}
