import {
  deferStream,
  emit,
  type GenerateRequest,
  type GenerateResponse,
  type LanguageModel,
  passStream,
  responseToStream,
  StreamAccumulator,
  type StreamEvent,
  toLlmuxError,
} from '@llmux/core';
import { cacheKey } from './cache-key.js';
import { type CacheOptions, resolveCacheOptions } from './cache-options.js';
import { cachePolicy } from './cache-policy.js';
import { createHitDecoder } from './hit-decoder.js';
import { toHitResponse } from './hit-response.js';
import { secretValues } from './secret-fields.js';
import { type Flight, type FlightOutcome, follow, SingleFlight } from './single-flight.js';
import {
  type CachedResponse,
  encodeStoredResponse,
  isStorable,
  toCachedResponse,
} from './stored-response.js';

type CacheOutcome = 'hit' | 'miss' | 'store' | 'coalesced' | 'unavailable';

/**
 * Wraps a model with an exact-match response cache. Deterministic requests (temperature 0,
 * or opted in) are looked up by a hash of everything that shapes the answer, namespaced by
 * tenant; identical requests in flight share one upstream call; complete answers are stored.
 * A failing store is reported (`unavailable`) and the request is served without it.
 */
export function createCache(model: LanguageModel, options?: CacheOptions): LanguageModel {
  const { store, ttlMs, cacheNonDeterministic, observer, clock } = resolveCacheOptions(
    model,
    options,
  );
  const flights = new SingleFlight<GenerateResponse>();
  const decode = createHitDecoder();

  const report = (request: GenerateRequest, outcome: CacheOutcome, savedCostUsd?: number) => {
    // Every hit reports: without an observer, no event is built.
    if (!observer) return;
    emit(observer, {
      type: 'cache',
      requestId: request.metadata?.requestId,
      outcome,
      ...(savedCostUsd === undefined ? {} : { savedCostUsd }),
    });
  };

  /** The policy and key of a request, or `undefined` when it is served without the cache. */
  const plan = (request: GenerateRequest) => {
    const policy = cachePolicy(request, { ttlMs, cacheNonDeterministic });
    if (!policy) return undefined;
    try {
      return { policy, key: cacheKey(model, request) };
    } catch {
      // A request that cannot be hashed exactly is still a valid request: serve it uncached.
      return undefined;
    }
  };

  const save = async (
    key: string,
    request: GenerateRequest,
    ttl: number | undefined,
    response: GenerateResponse,
  ) => {
    if (!isStorable(response)) return;
    let text: string;
    try {
      text = encodeStoredResponse(response);
    } catch {
      return; // Not plain JSON data: nothing a store could hold.
    }
    // A response that quotes a credential from the request is never written anywhere.
    if (secretValues(request.providerOptions).some((secret) => text.includes(secret))) return;
    try {
      await store.set(key, text, ttl);
      report(request, 'store');
    } catch {
      report(request, 'unavailable');
    }
  };

  /** A failed leader passes its error on, unless its own caller cancelled: then others retry. */
  const fail = (
    flight: Flight<GenerateResponse> | undefined,
    request: GenerateRequest,
    error: unknown,
  ) => {
    if (request.signal?.aborted) flight?.abandon();
    else flight?.reject(error);
  };

  const callAndStore = async (
    key: string,
    request: GenerateRequest,
    ttl: number | undefined,
    flight?: Flight<GenerateResponse>,
  ): Promise<GenerateResponse> => {
    try {
      const response = await model.generate(request);
      // The caller does not wait for the write; identical requests meanwhile join the flight.
      const stored = save(key, request, ttl, response);
      flight?.resolve(response, stored);
      return response;
    } catch (error) {
      const failure = toLlmuxError(error);
      fail(flight, request, failure);
      throw failure;
    }
  };

  /** Passes a stream on and stores its answer once it finished; a stream left unread stores nothing. */
  const streamAndStore = (
    key: string,
    request: GenerateRequest,
    ttl: number | undefined,
    flight?: Flight<GenerateResponse>,
  ): AsyncIterable<StreamEvent> => {
    const accumulator = new StreamAccumulator();
    let settled = false;
    return passStream(model.stream(request), {
      event(event) {
        accumulator.push(event);
        if (event.type === 'finish') {
          const response = accumulator.response();
          const stored = save(key, request, ttl, response);
          flight?.resolve(response, stored);
          settled = true;
        } else if (event.type === 'error') {
          fail(flight, request, event.error);
          settled = true;
        }
        return event;
      },
      end() {
        accumulator.response(); // throws: the stream ended without finishing
      },
      fail(error) {
        const failure = toLlmuxError(error);
        fail(flight, request, failure);
        settled = true;
        return { type: 'error', error: failure };
      },
      close() {
        // The caller stopped reading: nothing is stored, and followers try again on their own.
        if (!settled) flight?.abandon();
      },
    });
  };

  /** What a follower makes of its leader's outcome: a hit-like copy, or the shared error. */
  const followed = (
    request: GenerateRequest,
    outcome: Exclude<FlightOutcome<GenerateResponse>, { type: 'abandoned' }>,
    startedAt: number,
  ): GenerateResponse => {
    if (outcome.type === 'error') {
      report(request, 'coalesced');
      throw toLlmuxError(outcome.error);
    }
    const cached: CachedResponse = toCachedResponse(outcome.value);
    report(request, 'coalesced', cached.costUsd);
    return toHitResponse(cached, clock.now() - startedAt);
  };

  /**
   * Looks a request up: a stored answer, else the outcome of an identical call in flight. On a
   * miss, a request that stores its answer becomes the leader of a new flight, in the same
   * synchronous step as finding none in flight, so two identical misses never both lead.
   */
  const find = async (
    key: string,
    request: GenerateRequest,
    startedAt: number,
    leads: boolean,
  ): Promise<{ response: GenerateResponse } | { flight: Flight<GenerateResponse> | undefined }> => {
    for (;;) {
      // The store is read here, not in a helper: on a hit, one async step more shows.
      let text: string | undefined;
      try {
        text = await store.get(key);
      } catch {
        report(request, 'unavailable');
      }
      const cached = text === undefined ? undefined : decode(key, text);
      if (cached) {
        report(request, 'hit', cached.costUsd);
        return { response: toHitResponse(cached, clock.now() - startedAt) };
      }
      // A stored value that is not a response (corrupt, of another version) is a miss.
      if (text !== undefined) await store.delete(key).catch(() => report(request, 'unavailable'));
      const inFlight = flights.join(key);
      if (!inFlight) {
        report(request, 'miss');
        return { flight: leads ? flights.lead(key) : undefined };
      }
      const outcome = await follow(inFlight, request.signal);
      if (outcome.type !== 'abandoned') return { response: followed(request, outcome, startedAt) };
    }
  };

  return {
    provider: 'cache',
    modelId: model.modelId,
    ...(model.countTokens && { countTokens: (request) => model.countTokens!(request) }),

    async generate(request) {
      const startedAt = clock.now();
      const planned = plan(request);
      if (!planned) return model.generate(request);
      const { key, policy } = planned;
      const found = policy.lookup
        ? await find(key, request, startedAt, policy.store)
        : { flight: undefined };
      if ('response' in found) return found.response;
      if (!policy.store) return model.generate(request);
      return callAndStore(key, request, policy.ttlMs, found.flight);
    },

    stream: (request) =>
      deferStream(async () => {
        const startedAt = clock.now();
        const planned = plan(request);
        const found = planned?.policy.lookup
          ? await find(planned.key, request, startedAt, planned.policy.store)
          : { flight: undefined };
        if ('response' in found) return responseToStream(found.response);
        if (!planned?.policy.store) return model.stream(request);
        return streamAndStore(planned.key, request, planned.policy.ttlMs, found.flight);
      }),
  };
}

/** Same as `createCache`. */
export const cache = createCache;
