import { createEmbeddingCache } from '@llmux/cache';
import {
  type AttemptRunner,
  type Clock,
  type EmbeddingModel,
  type IdGenerator,
  LlmuxError,
  type Observer,
  observeEmbedding,
  type RoutePlan,
} from '@llmux/core';
import { createEmbeddingFailover } from '@llmux/failover';
import { createGemini } from '@llmux/provider-gemini';
import { createOpenAI } from '@llmux/provider-openai';
import { type RateLimitOptions, rateLimitEmbedding } from '@llmux/ratelimit';
import { createEmbeddingRouter } from '@llmux/router';
import type { EmbeddingsSettings, LlmuxConfig } from '../config/config-schema.js';
import type { ProviderEndpoint } from './provider-endpoints.js';
import { parseCandidate } from './router-config.js';
import type { SharedStores } from './shared-stores.js';

/** One name `POST /v1/embeddings` serves: a group, or a pinned `provider/model`. */
export interface EmbeddingTarget {
  /** `observe( cache( router → failover( [ ratelimit(adapter), ... ] ) ) )` */
  model: EmbeddingModel;
  /** A pinned model's plan, for the request to carry; a group plans its own. */
  route?: RoutePlan;
  /** `llmux` for a group, the provider for a pinned model. */
  ownedBy: string;
}

/** What the gateway serves embeddings with. */
export interface EmbeddingServices {
  /** Every group and every candidate of one, by the name a request gives as `model`. */
  readonly targets: ReadonlyMap<string, EmbeddingTarget>;
  /** The group `model: "auto"` names. */
  readonly defaultGroup: string;
}

export interface EmbeddingStackContext {
  config: LlmuxConfig;
  settings: EmbeddingsSettings;
  endpoints: ProviderEndpoint[];
  stores: Pick<SharedStores, 'health' | 'limits' | 'cache'>;
  clock: Clock;
  random: () => number;
  observer?: Observer;
  runAttempt?: AttemptRunner;
  ids?: IdGenerator;
  fetch?: typeof globalThis.fetch;
  /** API keys' own limits (see `createStack`'s `keyLimits`). */
  keyLimits?: RateLimitOptions['keyLimits'];
}

/** Providers that embeddings configured in `settings` call. */
export const embeddingProviders = (settings: EmbeddingsSettings | undefined): Set<string> =>
  new Set(
    Object.values(settings?.groups ?? {}).flatMap((group) =>
      group.candidates.map((id) => parseCandidate(id).provider),
    ),
  );

/** Names the group in a configuration error, as `createStack` names its sections. */
function inGroup<T>(name: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (LlmuxError.isInstance(error) && error.kind === 'invalid_request') {
      throw new LlmuxError({
        kind: 'invalid_request',
        message: `embeddings.groups.${name}: ${error.message}`,
      });
    }
    throw error;
  }
}

/**
 * The embedding side of the stack, on the chat side's endpoints and shared stores: per group, its
 * candidates' adapters (at the group's size) behind the rate limits, one failover (which refuses
 * candidates of different sizes), a router with the group's plan, the embedding cache keyed by
 * the group, and `observeEmbedding`. Each candidate can be pinned too: its plan runs on its
 * group's failover, its vectors are cached under its own id.
 */
export function createEmbeddingStack(context: EmbeddingStackContext): EmbeddingServices {
  const { config, settings, stores, clock, random, observer } = context;
  const { breaker, hedge: _hedge, ...failoverSettings } = config.failover;
  const endpointOf = (provider: string) => context.endpoints.find((e) => e.provider === provider)!;
  const { keyLimits } = context;
  // API keys' own limits need a limiter even where the configuration sets none.
  const limits = config.rateLimits ?? (keyLimits && { limits: {}, mode: 'wait' as const });

  const adapter = (provider: string, model: string, dimensions: number | undefined) => {
    const { apiKey, baseURL } = endpointOf(provider);
    const connection = { apiKey, baseURL, clock, fetch: context.fetch };
    const size = dimensions === undefined ? undefined : { dimensions };
    const base =
      provider === 'openai'
        ? createOpenAI(connection).embedding(model, size)
        : createGemini(connection).embedding(model, size);
    return limits
      ? rateLimitEmbedding(base, { ...limits, keyLimits, store: stores.limits, clock, observer })
      : base;
  };

  const serve = (name: string, executor: EmbeddingModel) => {
    const cached = config.cache.enabled
      ? createEmbeddingCache(executor, {
          store: stores.cache,
          ttlMs: config.cache.ttlMs,
          group: name,
          clock,
          observer,
        })
      : executor;
    return observeEmbedding(cached, { observer, clock, ids: context.ids });
  };

  const targets = new Map<string, EmbeddingTarget>();
  for (const [name, group] of Object.entries(settings.groups)) {
    const refs = group.candidates.map(parseCandidate);
    const failover = inGroup(name, () =>
      createEmbeddingFailover({
        ...failoverSettings,
        models: refs.map((ref) => adapter(ref.provider, ref.model, group.dimensions)),
        breaker: { ...breaker, store: stores.health },
        clock,
        random,
        observer,
        runAttempt: context.runAttempt,
      }),
    );
    const router = createEmbeddingRouter({
      name,
      candidates: group.candidates,
      model: failover,
      observer,
    });
    targets.set(name, { model: serve(name, router), ownedBy: 'llmux' });
    for (const [index, ref] of refs.entries()) {
      const id = group.candidates[index]!;
      // A model in several groups is pinned to the first (and the size) it is listed in.
      if (targets.has(id)) continue;
      targets.set(id, {
        model: serve(id, router),
        route: {
          reason: `pinned by the request: model "${id}"`,
          candidates: [{ ...ref, reason: 'pinned' }],
        },
        ownedBy: ref.provider,
      });
    }
  }
  return { targets, defaultGroup: settings.default };
}
