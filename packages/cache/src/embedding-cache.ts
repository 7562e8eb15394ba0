import {
  checkEmbedRequest,
  type EmbeddingModel,
  type EmbedRequest,
  type EmbedResponse,
  emit,
  estimateEmbedTokens,
} from '@llmux/core';
import type { CacheOptions } from './cache-options.js';
import { resolveCacheOptions } from './cache-options.js';
import { controlPolicy } from './cache-policy.js';
import { embeddingCacheKey } from './embedding-cache-key.js';
import {
  decodeStoredEmbedding,
  encodeStoredEmbedding,
  type StoredEmbedding,
} from './stored-embedding.js';

export interface EmbeddingCacheOptions extends Omit<CacheOptions, 'cacheNonDeterministic'> {
  /**
   * The provider-independent name keys are made under: an embedding group whose models may
   * answer for each other (all of one size). Default: the wrapped model's `modelId`.
   */
  group?: string;
}

const embeddingModel = { methods: ['embed'], name: 'an EmbeddingModel (with embed)' };

/** Each distinct text once, with every position it holds in the request. */
function distinctTexts(inputs: string[]): Map<string, number[]> {
  const positions = new Map<string, number[]>();
  for (const [index, text] of inputs.entries()) {
    const at = positions.get(text);
    if (at) at.push(index);
    else positions.set(text, [index]);
  }
  return positions;
}

/**
 * Wraps an embedding model with a cache of one vector per text, keyed by the group, the size,
 * the input type and the text (never the provider: see `embeddingCacheKey`), namespaced by
 * tenant. A request is looked up text by text; only the texts not found (each once, however often
 * it repeats) go to the model, in one call, and the answer joins both in the order of the inputs,
 * so a text is never paid for twice. A failing store is reported (`unavailable`) and the texts are
 * embedded without it.
 */
export function createEmbeddingCache(
  model: EmbeddingModel,
  options: EmbeddingCacheOptions = {},
): EmbeddingModel {
  const { store, ttlMs, observer, clock } = resolveCacheOptions(model, options, embeddingModel);
  const group = options.group ?? model.modelId;

  const report = (
    request: EmbedRequest,
    outcome: 'hit' | 'miss' | 'store' | 'unavailable',
    savedCostUsd?: number,
  ) =>
    emit(observer, {
      type: 'cache',
      requestId: request.metadata?.requestId,
      outcome,
      ...(savedCostUsd === undefined ? {} : { savedCostUsd }),
    });

  /** Each key's stored vector, if any; a store that fails is reported once and read as misses. */
  const lookupAll = async (keys: string[], dimensions: number, request: EmbedRequest) => {
    const read = await Promise.allSettled(keys.map((key) => store.get(key)));
    if (read.some((r) => r.status === 'rejected')) report(request, 'unavailable');
    return read.map((r) =>
      r.status === 'fulfilled' ? decodeStoredEmbedding(r.value, dimensions) : undefined,
    );
  };

  /** Keeps each new vector with its text's share of the call's cost, by estimated tokens. */
  const save = async (
    entries: Array<{ key: string; text: string; vector: number[] }>,
    response: EmbedResponse,
    request: EmbedRequest,
    ttl: number | undefined,
  ) => {
    const tokens = estimateEmbedTokens(entries.map((e) => e.text)) || 1;
    const results = await Promise.allSettled(
      entries.map(({ key, text, vector }) =>
        store.set(
          key,
          encodeStoredEmbedding({
            provider: response.provider,
            model: response.model,
            vector,
            costUsd: (response.costUsd * estimateEmbedTokens([text])) / tokens,
          }),
          ttl,
        ),
      ),
    );
    report(request, results.some((r) => r.status === 'rejected') ? 'unavailable' : 'store');
  };

  return {
    provider: 'cache',
    modelId: model.modelId,
    dimensions: model.dimensions,
    async embed(request) {
      const startedAt = clock.now();
      checkEmbedRequest(request, 'cache');
      const policy = controlPolicy(request.cache, ttlMs);
      if (!policy) return model.embed(request);
      const dimensions = request.dimensions ?? model.dimensions;
      const scope = {
        group,
        dimensions,
        inputType: request.inputType,
        tenant: request.metadata?.tenant,
      };
      const texts = [...distinctTexts(request.inputs)];
      const keyed = texts.map(([text, positions]) => ({
        text,
        positions,
        key: embeddingCacheKey(scope, text),
      }));
      const found = policy.lookup
        ? await lookupAll(
            keyed.map((entry) => entry.key),
            dimensions,
            request,
          )
        : [];
      const hits = keyed.flatMap((entry, i) => (found[i] ? [{ ...entry, stored: found[i] }] : []));
      const misses = keyed.filter((_, i) => !found[i]);
      const savedCostUsd = hits.reduce((sum, hit) => sum + hit.stored.costUsd, 0);
      const cachedInputs = hits.reduce((sum, hit) => sum + hit.positions.length, 0);
      if (policy.lookup) report(request, misses.length === 0 ? 'hit' : 'miss', savedCostUsd);

      const embeddings: number[][] = new Array(request.inputs.length);
      const place = (positions: number[], vector: number[]) => {
        for (const index of positions) embeddings[index] = vector;
      };
      for (const hit of hits) place(hit.positions, hit.stored.vector);

      if (misses.length === 0) {
        const first: StoredEmbedding = hits[0]!.stored;
        return {
          provider: first.provider,
          model: first.model,
          embeddings,
          usage: { inputTokens: 0 },
          costUsd: 0,
          latencyMs: clock.now() - startedAt,
          warnings: [],
          trace: {
            attempts: [],
            cacheHit: true,
            savedCostUsd,
            cachedInputs,
            routeReason: `cache hit: the vectors ${first.provider}/${first.model} made for the same texts`,
          },
        };
      }
      const answer = await model.embed({ ...request, inputs: misses.map((m) => m.text) });
      for (const [i, miss] of misses.entries()) place(miss.positions, answer.embeddings[i]!);
      if (policy.store) {
        const entries = misses.map((miss, i) => ({ ...miss, vector: answer.embeddings[i]! }));
        // Written before answering, so the next request finds them; a failing store costs nothing.
        await save(entries, answer, request, policy.ttlMs);
      }
      return {
        ...answer,
        embeddings,
        latencyMs: clock.now() - startedAt,
        trace: {
          ...answer.trace,
          ...(hits.length > 0 && { savedCostUsd, cachedInputs }),
        },
      };
    },
  };
}
