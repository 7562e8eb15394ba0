import { type BatchBudget, createBatchingModel, createBatchManager } from '@llmux/batch';
import { createCache } from '@llmux/cache';
import {
  type AttemptRunner,
  type Clock,
  type HeadroomSource,
  type HealthStore,
  type IdGenerator,
  type KeyValueStore,
  type LanguageModel,
  LlmuxError,
  type Observer,
  observe,
  randomId,
  type SpendSource,
  systemClock,
} from '@llmux/core';
import { createFailover } from '@llmux/failover';
import {
  combineHeadroom,
  type RateLimitedModel,
  type RateLimitOptions,
  rateLimit,
} from '@llmux/ratelimit';
import { createRouter, type RouterModel } from '@llmux/router';
import type { Simulator } from '@llmux/testkit';
import { createTransport } from '@llmux/transport';
import { type LlmuxConfig, type ProviderName, providerNames } from '../config/config-schema.js';
import { batchAdapterOf } from './batch-adapters.js';
import { limiterBudget } from './batch-budget.js';
import { candidateDeployments } from './candidate-deployments.js';
import { type DeploymentEndpoint, resolveDeployment } from './deployment-endpoints.js';
import {
  createEmbeddingStack,
  type EmbeddingServices,
  embeddingProviders,
} from './embedding-stack.js';
import { pinOrRoute } from './pin-or-route.js';
import { type ProviderEndpoint, resolveEndpoint } from './provider-endpoints.js';
import { providerFactory } from './provider-models.js';
import { checkReadiness, type Readiness, type ReadinessTarget } from './readiness.js';
import { type CandidateRef, parseCandidate, resolveRouterConfig } from './router-config.js';
import { createSharedStores, type RedisClient } from './shared-stores.js';

export interface StackOptions {
  clock?: Clock;
  /** Receives every event of every layer, `request-end` records included. */
  observer?: Observer;
  /** Runs each provider call, e.g. in the context of its trace span (`createTracing`). */
  runAttempt?: AttemptRunner;
  /** A connected client: limits, health, spend and the cache then live in Redis. */
  redis?: RedisClient;
  /** Call the real APIs of the providers whose key is in `env` (and not `simulate`). */
  live?: boolean;
  /** Where API keys are read. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Backoff jitter, weighted routing and the simulators' latency draws. Default `Math.random`. */
  random?: () => number;
  /** Request ids for requests that come without one. */
  ids?: IdGenerator;
  /**
   * What the providers' SDKs (models, deployments, embeddings, batches) and the readiness checks
   * call. Default a `createTransport()` of `@llmux/transport` (keep-alive connections, the
   * environment's `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY`), closed with the stack.
   */
  fetch?: typeof globalThis.fetch;
  /**
   * The own limits of API keys made by the admin API (`RateLimitOptions.keyLimits`): with it,
   * every model is rate limited, with `rateLimits` or without.
   */
  keyLimits?: RateLimitOptions['keyLimits'];
}

/** The layers under a stack's model, innermost first: each wraps the one before it. */
export interface StackLayers {
  /** Each candidate's adapter, by `provider/model`; a declared deployment's by its id. */
  readonly adapters: ReadonlyMap<string, LanguageModel>;
  /** Each adapter behind its rate limiter (the adapter itself without limits), keyed alike. */
  readonly limited: ReadonlyMap<string, LanguageModel>;
  /** Runs the plan a request carries as `route`: retries, circuits, timeouts, hedging. */
  readonly failover: LanguageModel;
  /** Collects planned requests that can wait into provider batches (`failover` without). */
  readonly batching: LanguageModel;
  /** Plans a request by the rules (or takes its pinned route), then runs it on `failover`. */
  readonly planned: LanguageModel;
  /** The response cache over `planned` (`planned` itself when the cache is off). */
  readonly cached: LanguageModel;
}

/** The composed system: one `LanguageModel`, and what runs under it. */
export interface Stack {
  /** `observe( cache( router → failover( [ ratelimit(provider model), ... ] ) ) )` */
  readonly model: LanguageModel;
  /** Plans requests without calling a model. */
  readonly router: RouterModel;
  /** What `model` wraps, layer by layer: to measure or test one layer of the real composition. */
  readonly layers: StackLayers;
  /** Every model the router may choose, in its priority order. */
  readonly candidates: CandidateRef[];
  readonly endpoints: ProviderEndpoint[];
  /** The declared deployments (`deployments` in the config), each on its own endpoint. */
  readonly deployments: DeploymentEndpoint[];
  /** The simulators this stack started, by provider, for fault injection. */
  readonly simulators: Partial<Record<ProviderName, Simulator>>;
  /** Where batch jobs and files live: in this process, or in Redis for the fleet. */
  readonly batchStore: KeyValueStore;
  /** How batch work counts against the tenants' limits and budgets (with `rateLimits`). */
  readonly batchBudget: BatchBudget | undefined;
  /** What serves `POST /v1/embeddings`, when the configuration has an `embeddings` section. */
  readonly embeddings: EmbeddingServices | undefined;
  /** The state the layers share, as the dashboard reads it. */
  readonly state: StackState;
  /** What its providers' SDKs call: the given `fetch`, or the stack's own transport's. */
  readonly fetch: typeof globalThis.fetch;
  readiness(): Promise<Readiness>;
  /**
   * Stops the simulators it started and closes its own transport (the Redis client and a given
   * `fetch` stay the caller's).
   */
  close(): Promise<void>;
}

/** The circuits, rate-limit headroom and tenant spend of a stack, for the dashboard. */
export interface StackState {
  /** Circuit state per deployment (shared by a fleet with Redis). */
  readonly health: HealthStore;
  /** With `rateLimits`: what each deployment can still take. */
  readonly headroom: HeadroomSource | undefined;
  /** With `rateLimits`: each tenant's spend against its budgets. */
  readonly spend: SpendSource | undefined;
  /** Every deployment of every candidate. */
  readonly targets: ReadinessTarget[];
}

/** Builds a layer, naming the configuration section in any configuration error it throws. */
function configured<T>(section: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (LlmuxError.isInstance(error) && error.kind === 'invalid_request') {
      throw new LlmuxError({ kind: 'invalid_request', message: `${section}: ${error.message}` });
    }
    throw error;
  }
}

const isProviderName = (name: string): name is ProviderName =>
  (providerNames as readonly string[]).includes(name);

function candidatesOf(ids: string[] | undefined): Array<CandidateRef & { provider: ProviderName }> {
  if (!Array.isArray(ids) || ids.length === 0) {
    throw new LlmuxError({
      kind: 'invalid_request',
      message: 'router.candidates: must list provider/model ids (or use router.preset)',
    });
  }
  return ids.map((id) => {
    const candidate = parseCandidate(id);
    if (!isProviderName(candidate.provider)) {
      throw new LlmuxError({
        kind: 'invalid_request',
        message: `router.candidates: "${id}" names provider "${candidate.provider}"; known: ${providerNames.join(', ')}`,
      });
    }
    return { ...candidate, provider: candidate.provider };
  });
}

/**
 * Composes the system the design describes, once, for the gateway and the scenario runner:
 * `observe( cache( router( rules → failover( [ ratelimit(claude…), ratelimit(openai…),
 * ratelimit(gemini…) ] ) ) ) )`. Providers without a key (or with `simulate`, or without `live`)
 * run on simulators it starts. Throws `invalid_request` naming the section and field of a bad
 * configuration.
 */
export async function createStack(config: LlmuxConfig, options: StackOptions = {}): Promise<Stack> {
  const {
    clock = systemClock,
    observer,
    redis,
    live = false,
    env = process.env,
    random = Math.random,
    ids = randomId,
  } = options;
  const routerConfig = resolveRouterConfig(config.router);
  const candidates = candidatesOf(routerConfig.candidates);
  const served = candidateDeployments(candidates, config.deployments, routerConfig.groups);
  // A provider's own endpoint serves the candidates whose default deployment is in use, and the
  // embedding models.
  const onDefault = candidates.filter((c) => served.idsOf(c).includes(`${c.provider}:${c.model}`));
  const embedders = embeddingProviders(config.embeddings);
  const used = providerNames.filter(
    (name) => onDefault.some((c) => c.provider === name) || embedders.has(name),
  );

  const endpoints: ProviderEndpoint[] = [];
  const deployments: DeploymentEndpoint[] = [];
  const transport = options.fetch ? undefined : createTransport();
  const fetch = options.fetch ?? transport!.fetch;
  const closeConnections = async () => {
    await Promise.all(
      [...endpoints, ...deployments].map((endpoint) => endpoint.simulator?.close()),
    );
    await transport?.close();
  };
  try {
    for (const provider of used) {
      endpoints.push(
        await resolveEndpoint(provider, config.providers[provider], { live, env, clock, random }),
      );
    }
    for (const deployment of config.deployments) {
      deployments.push(await resolveDeployment(deployment, { live, env, clock, random, fetch }));
    }
    const { stores, headroom, spend, manager, batchBudget, embeddings, ...model } = compose();
    const targets = candidates.flatMap((c) =>
      served.idsOf(c).map((id) => ({ provider: c.provider, model: c.model, id })),
    );
    return {
      ...model,
      batchStore: stores.batches,
      batchBudget,
      embeddings,
      candidates,
      endpoints,
      deployments,
      simulators: Object.fromEntries(
        endpoints.flatMap((e) => (e.simulator ? [[e.provider, e.simulator]] : [])),
      ),
      state: { health: stores.health, headroom, spend, targets },
      fetch,
      readiness: () =>
        checkReadiness({
          endpoints,
          deployments,
          targets,
          health: stores.health,
          headroom,
          redis: redis && {
            client: redis,
            store: stores.storeHealth,
            limitsFailClosed: config.rateLimits?.outage?.mode === 'fail-closed',
          },
          clock,
          fetch,
        }),
      close: async () => {
        await manager?.close();
        await closeConnections();
      },
    };
  } catch (error) {
    await closeConnections();
    throw error;
  }

  function compose() {
    const stores = createSharedStores({
      clock,
      cache: config.cache,
      redis: redis && config.redis ? { ...config.redis, client: redis } : undefined,
      observer,
    });
    const factories = new Map(endpoints.map((e) => [e.provider, providerFactory(e, clock, fetch)]));
    // API keys' own limits need a limiter even where the configuration sets none.
    const limits =
      config.rateLimits ?? (options.keyLimits && { limits: {}, mode: 'wait' as const });
    const limited = new Map<string, RateLimitedModel>();
    const adapters = new Map<string, LanguageModel>();
    const declared = new Map(deployments.map((d) => [d.config.id, d.model]));
    const layered = new Map<string, LanguageModel>();
    const models = candidates.flatMap(({ provider, model }) =>
      served.idsOf({ provider, model }).map((id) => {
        const key = declared.has(id) ? id : `${provider}/${model}`;
        const base = declared.get(id) ?? factories.get(provider)!(model);
        adapters.set(key, base);
        layered.set(key, base);
        if (!limits) return base;
        const wrapped = configured('rateLimits', () =>
          rateLimit(base, {
            ...limits,
            keyLimits: options.keyLimits,
            store: stores.limits,
            clock,
            observer,
          }),
        );
        limited.set(key, wrapped);
        layered.set(key, wrapped);
        return wrapped;
      }),
    );
    const { breaker, ...failoverSettings } = config.failover;
    const failover = configured('failover', () =>
      createFailover({
        ...failoverSettings,
        models,
        breaker: { ...breaker, store: stores.health },
        clock,
        random,
        observer,
        runAttempt: options.runAttempt,
      }),
    );
    // Planned requests that can wait go to the providers' batch APIs; the rest, and what no
    // batch answers in time, to failover.
    const batchBudget = limits && limiterBudget(limited, clock);
    const manager = config.batch.enabled
      ? configured('batch', () =>
          createBatchManager({
            adapters: endpoints.map((endpoint) => batchAdapterOf(endpoint, clock, fetch)),
            store: stores.batches,
            live: failover,
            clock,
            ...(batchBudget && { budget: batchBudget }),
          }),
        )
      : undefined;
    const batching = manager
      ? configured('batch', () =>
          createBatchingModel(failover, {
            manager,
            clock,
            ...(config.batch.minBatchSize !== undefined && {
              minBatchSize: config.batch.minBatchSize,
            }),
            ...(config.batch.maxWaitMs !== undefined && { maxWaitMs: config.batch.maxWaitMs }),
          }),
        )
      : failover;
    const headroom: HeadroomSource | undefined = limits && combineHeadroom([...limited.values()]);
    // Limiters on one store share tenant spend, so any of them can answer for all.
    const spend: SpendSource | undefined = limits && limited.values().next().value;
    const router = configured('router', () =>
      createRouter({
        ...routerConfig,
        ...(Object.keys(served.groups).length > 0 && { groups: served.groups }),
        // The router should leave an open circuit in place once failover would probe it.
        healthPolicy: {
          ...(breaker?.openMs !== undefined && { probeAfterMs: breaker.openMs }),
          ...routerConfig.healthPolicy,
        },
        model: batching,
        health: stores.health,
        headroom,
        spend,
        clock,
        random,
        observer,
      }),
    );
    const planned = pinOrRoute(router, failover, observer);
    const cached = config.cache.enabled
      ? configured('cache', () =>
          createCache(planned, {
            store: stores.cache,
            ttlMs: config.cache.ttlMs,
            cacheNonDeterministic: config.cache.cacheNonDeterministic,
            observer,
            clock,
          }),
        )
      : planned;
    const embeddingSettings = config.embeddings;
    // Its configuration errors name the group (`embeddings.groups.<name>: ...`).
    const embeddings =
      embeddingSettings &&
      createEmbeddingStack({
        config,
        settings: embeddingSettings,
        endpoints,
        stores,
        clock,
        random,
        observer,
        runAttempt: options.runAttempt,
        ids,
        fetch,
        keyLimits: options.keyLimits,
      });
    return {
      stores,
      headroom,
      spend,
      manager,
      batchBudget,
      embeddings,
      model: observe(cached, { observer, clock, ids }),
      router,
      layers: {
        adapters,
        limited: layered,
        failover,
        batching,
        planned,
        cached,
      },
    };
  }
}
