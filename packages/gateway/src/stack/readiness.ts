import {
  type Clock,
  deploymentField,
  type HeadroomSource,
  type HealthStore,
  type StoreHealth,
} from '@llmux/core';
import type { DeploymentEndpoint } from './deployment-endpoints.js';
import type { ProviderEndpoint } from './provider-endpoints.js';
import type { RedisClient } from './shared-stores.js';

export interface ReadinessCheck {
  name: string;
  ok: boolean;
  /** What failed, or what runs in a reduced mode; never a URL with credentials or a key. */
  detail?: string;
}

export interface Readiness {
  /** This instance can serve: some candidate is usable, and shared state answers or is replaced. */
  ready: boolean;
  /** The parts that work in a reduced mode or are out while the instance still serves. */
  degraded: string[];
  checks: ReadinessCheck[];
}

/** Where each provider's own API is, when no base URL is set. */
export const liveURLs: Record<ProviderEndpoint['provider'], string> = {
  anthropic: 'https://api.anthropic.com',
  openai: 'https://api.openai.com/v1',
  gemini: 'https://generativelanguage.googleapis.com',
};

/** One deployment of a candidate: its default one (`provider:model`) or a declared one. */
export interface ReadinessTarget {
  provider: string;
  model: string;
  id: string;
}

export interface ReadinessOptions {
  endpoints: ProviderEndpoint[];
  /** The declared deployments, each on its own endpoint. */
  deployments?: DeploymentEndpoint[];
  /** Every deployment of every candidate. */
  targets: ReadinessTarget[];
  /** Circuit state per deployment (the breaker's store). */
  health: HealthStore;
  /** Whether a candidate's provider said it is out (a 429 pause), when limits are configured. */
  headroom?: HeadroomSource;
  redis?: { client: RedisClient; store: () => StoreHealth; limitsFailClosed: boolean };
  clock: Clock;
  fetch?: typeof globalThis.fetch;
  /** Longest wait for one check. Default 2000 ms. */
  timeoutMs?: number;
}

/** Runs `probe`, failing it when the clock says it took longer than `timeoutMs`. */
async function within<T>(
  clock: Clock,
  timeoutMs: number,
  probe: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const timer = new AbortController();
  const call = new AbortController();
  const timeout = clock.sleep(timeoutMs, timer.signal).then(() => {
    call.abort();
    throw new Error(`no answer within ${timeoutMs} ms`);
  });
  try {
    return await Promise.race([probe(call.signal), timeout]);
  } finally {
    timer.abort();
    timeout.catch(() => {});
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Whether this instance can serve, and what it serves without. A check that failed only says what
 * is out; readiness is whether it matters. It is ready while at least one
 * candidate is usable (its provider answers HTTP, its circuit is not open, its provider has not
 * paused it) and shared state answers, or its outage is covered (limits counted per process).
 * One provider down is a degraded part, not unreadiness: failover serves around it.
 */
export async function checkReadiness(options: ReadinessOptions): Promise<Readiness> {
  const { clock, timeoutMs = 2000, fetch = globalThis.fetch } = options;
  const attempt = async <T>(probe: (signal: AbortSignal) => Promise<T>) => {
    try {
      return { ok: true as const, value: await within(clock, timeoutMs, probe) };
    } catch (error) {
      return { ok: false as const, detail: messageOf(error) };
    }
  };

  // Each endpoint by what reaches it: a provider's own (its name), or a deployment's (its id).
  const reachables = [
    ...options.endpoints.map((e) => ({
      key: e.provider as string,
      name: `${e.provider} (${e.mode})`,
      url: e.simulator?.url ?? e.baseURL ?? liveURLs[e.provider],
    })),
    ...(options.deployments ?? []).map((d) => ({
      key: d.config.id,
      name: `${d.config.id} (${d.mode})`,
      url: d.simulator?.url ?? d.probeURL,
    })),
  ];
  const providers = await Promise.all(
    reachables.map(async ({ key, name, url }) => {
      const reached = await attempt(async (signal) => {
        const response = await fetch(url, { signal });
        await response.body?.cancel();
      });
      const check: ReadinessCheck = { name, ok: reached.ok };
      if (!reached.ok) check.detail = reached.detail;
      return { key, check };
    }),
  );
  const reachable = new Set<string>(providers.filter((p) => p.check.ok).map((p) => p.key));

  const declared = new Set((options.deployments ?? []).map((d) => d.config.id));
  const now = clock.now();
  const candidates = await Promise.all(
    options.targets.map(async ({ provider, model, id }) => {
      const named = deploymentField(provider, model, id);
      const name = `${provider}/${model}${named.deployment ? ` via ${named.deployment}` : ''}`;
      if (!reachable.has(declared.has(id) ? id : provider)) {
        return { name, ok: false, detail: 'provider unreachable' };
      }
      // A store that cannot say fails open, as the breaker does.
      const circuit = await attempt(async () => (await options.health.read(id, 1)).circuit.state);
      if (circuit.ok && circuit.value === 'open')
        return { name, ok: false, detail: 'circuit open' };
      const headroom = options.headroom
        ? await attempt(() => options.headroom!.headroom({ provider, model, ...named }))
        : undefined;
      const pausedUntil = headroom?.ok ? headroom.value.pausedUntil : undefined;
      if (pausedUntil !== undefined && pausedUntil > now) {
        return { name, ok: false, detail: `paused by the provider for ${pausedUntil - now} ms` };
      }
      return { name, ok: true };
    }),
  );
  const usable = candidates.filter((c) => c.ok).length;
  const checks: ReadinessCheck[] = [
    ...providers.map((p) => p.check),
    {
      name: 'candidates',
      ok: usable > 0,
      detail: `${usable} of ${candidates.length} usable${candidates
        .filter((c) => !c.ok)
        .map((c) => `; ${c.name}: ${c.detail}`)
        .join('')}`,
    },
  ];
  const degraded = [
    ...providers.filter((p) => !p.check.ok).map((p) => p.check.name),
    ...candidates.filter((c) => !c.ok).map((c) => c.name),
  ];
  let ready = usable > 0;

  if (options.redis) {
    const { client, store, limitsFailClosed } = options.redis;
    const ping = client.isReady
      ? await attempt(() => client.ping())
      : { ok: false as const, detail: 'not connected' };
    const health = store();
    const down = !ping.ok || health.state === 'down';
    const detail = !ping.ok ? ping.detail : health.detail;
    if (!down) checks.push({ name: 'redis', ok: true });
    else if (limitsFailClosed) {
      checks.push({ name: 'redis', ok: false, detail: `${detail}; limits fail closed` });
      ready = false;
    } else {
      checks.push({
        name: 'redis',
        ok: true,
        detail: `degraded: ${detail}; limits counted per process, cache and shared health off`,
      });
      degraded.push('redis');
    }
  }
  return { ready, degraded, checks };
}
