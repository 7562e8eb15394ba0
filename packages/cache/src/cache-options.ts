import {
  type Clock,
  createMemoryKeyValueStore,
  type KeyValueStore,
  type LanguageModel,
  LlmuxError,
  type LlmuxEvent,
  systemClock,
} from '@llmux/core';
import { isValidTtl } from './cache-policy.js';

/** What a cache reports: `{ type: 'cache', requestId?, outcome, savedCostUsd? }`. */
export type CacheEvent = Extract<LlmuxEvent, { type: 'cache' }>;

export interface CacheOptions {
  /**
   * Where answers are kept. Default: an in-memory LRU store from `@llmux/core`
   * (`createMemoryKeyValueStore`, 10 000 entries, 64 MiB) on the cache's clock.
   */
  store?: KeyValueStore;
  /** How long an answer lives, in milliseconds; `Infinity` for ever. Default: 1 hour. */
  ttlMs?: number;
  /**
   * Cache requests whose temperature is not 0 too. Default: false, so that a caller who asked
   * for variety gets it. A request can opt in on its own with `cache: { force: true }`.
   */
  cacheNonDeterministic?: boolean;
  /**
   * Receives `cache` events: `hit`, `miss`, `store`, `coalesced`, `unavailable`. Any core
   * `Observer` will do too.
   */
  observer?: (event: CacheEvent) => void;
  /** Time source for latencies and the default store. Default: the system clock. */
  clock?: Clock;
}

export interface ResolvedCacheOptions {
  store: KeyValueStore;
  ttlMs: number;
  cacheNonDeterministic: boolean;
  observer: ((event: CacheEvent) => void) | undefined;
  clock: Clock;
}

export const DEFAULT_TTL_MS = 60 * 60 * 1000;

const invalid = (field: string, expected: string) =>
  new LlmuxError({
    kind: 'invalid_request',
    message: `cache: ${field} must be ${expected}`,
    provider: 'cache',
  });

const hasMethods = (value: unknown, methods: string[]): boolean =>
  typeof value === 'object' &&
  value !== null &&
  methods.every((method) => typeof (value as Record<string, unknown>)[method] === 'function');

/** The model a cache wraps: a language model, unless the embedding cache says otherwise. */
const languageModel = {
  methods: ['generate', 'stream'],
  name: 'a LanguageModel (with generate and stream)',
};

/** Checks the wrapped model and the options, naming the first bad field, and fills defaults. */
export function resolveCacheOptions(
  model: Pick<LanguageModel, 'provider' | 'modelId'>,
  options: CacheOptions = {},
  expected = languageModel,
): ResolvedCacheOptions {
  if (!hasMethods(model, expected.methods)) throw invalid('model', expected.name);
  if (typeof options !== 'object' || options === null) throw invalid('options', 'an object');
  const { store, ttlMs = DEFAULT_TTL_MS, cacheNonDeterministic = false, observer } = options;
  const clock = options.clock ?? systemClock;
  if (store !== undefined && !hasMethods(store, ['get', 'set', 'delete'])) {
    throw invalid('options.store', 'a KeyValueStore (with get, set and delete)');
  }
  if (!isValidTtl(ttlMs)) throw invalid('options.ttlMs', 'a positive number of milliseconds');
  if (typeof cacheNonDeterministic !== 'boolean') {
    throw invalid('options.cacheNonDeterministic', 'a boolean');
  }
  if (observer !== undefined && typeof observer !== 'function') {
    throw invalid('options.observer', 'a function');
  }
  if (!hasMethods(clock, ['now', 'sleep'])) throw invalid('options.clock', 'a Clock');
  return {
    store: store ?? createMemoryKeyValueStore({ clock }),
    ttlMs,
    cacheNonDeterministic,
    observer,
    clock,
  };
}
