import {
  type Clock,
  createMemoryKeyValueStore,
  defaultCatalog,
  type ErrorKind,
  errorKinds,
  type IdGenerator,
  invalidOption,
  type KeyValueStore,
  type LanguageModel,
  type ModelCatalog,
  randomId,
  systemClock,
} from '@llmux/core';
import { defaultFailoverKinds } from '@llmux/failover';
import type { BatchAdapter } from './batch-adapter.js';
import type { BatchBudget } from './batch-budget.js';
import type { BatchObserver } from './batch-events.js';
import type { CandidateRef } from './batch-item.js';
import { isObject } from './is-object.js';

export interface BatchManagerOptions {
  /** The providers' batch APIs (`openaiBatch()`, `anthropicBatch()`, `geminiBatch()`), one per provider. */
  adapters: BatchAdapter[];
  /**
   * Where jobs live: core's `KeyValueStore`. Default: in this process's memory. Give every
   * process the same Redis store (`createRedisKeyValueStore` of `@llmux/cache`) to share jobs.
   */
  store?: KeyValueStore;
  /** Where items go that name no candidates of their own and carry no route. */
  candidates?: CandidateRef[];
  /** Answers items live when their deadline is near, or when no batch API is left for them. */
  live?: LanguageModel;
  /** How long before its deadline an unanswered item goes live. Default 15 minutes. */
  liveMarginMs?: number;
  /** Live calls at once, per job. Default 4. */
  liveConcurrency?: number;
  /** How often a job's batches are polled (and waiters look). Default 30 s. */
  pollIntervalMs?: number;
  /** How long a process's hold on a job lasts unless renewed by its next poll. Default 5 minutes. */
  leaseMs?: number;
  /** Longer than any store write takes: a process taking a job over waits this long. Default 1 s. */
  claimSettleMs?: number;
  /** How long a job and its results are kept from its creation. Default 7 days. */
  retentionMs?: number;
  /** Item errors that move an item to its next candidate. Default: as `@llmux/failover`'s. */
  failoverOn?: ErrorKind[];
  /** Counts batch work against budgets: see `spendBudget`. */
  budget?: BatchBudget;
  /** Prices, batch rates included; default core's. */
  catalog?: ModelCatalog;
  /** Output tokens a request without `maxOutputTokens` is estimated at, for budgets. Default 4096. */
  defaultMaxOutputTokens?: number;
  clock?: Clock;
  /** Makes job ids, and this process's lease token. */
  ids?: IdGenerator;
  observer?: BatchObserver;
}

const MINUTE = 60_000;

const invalid = (field: string, expected: string, got: unknown) =>
  invalidOption(field, expected, got, 'createBatchManager option');

/** A list of `{ provider, model }`, checked field by field. */
export function checkCandidates(
  value: unknown,
  field: string,
  what: (f: string, e: string, g: unknown) => Error,
): CandidateRef[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw what(field, 'a non-empty array of { provider, model }', value);
  }
  return value.map((candidate, index) => {
    for (const key of ['provider', 'model'] as const) {
      const part = isObject(candidate) ? candidate[key] : undefined;
      if (typeof part !== 'string' || part === '') {
        throw what(`${field}[${index}].${key}`, 'a non-empty string', part);
      }
    }
    const { provider, model } = candidate as CandidateRef;
    return { provider, model };
  });
}

function duration(
  options: BatchManagerOptions,
  field: keyof BatchManagerOptions,
  fallback: number,
  min = 1,
): number {
  const value = options[field] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw invalid(field, `a finite number >= ${min}`, value);
  }
  return value;
}

function checkAdapters(value: unknown): BatchAdapter[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw invalid('adapters', 'a non-empty array of batch adapters', value);
  }
  const seen = new Set<string>();
  for (const [index, adapter] of value.entries()) {
    const methods = ['submit', 'status', 'results', 'cancel'];
    if (
      !isObject(adapter) ||
      typeof adapter.provider !== 'string' ||
      !methods.every((m) => typeof adapter[m] === 'function')
    ) {
      throw invalid(
        `adapters[${index}]`,
        'a batch adapter (openaiBatch(), anthropicBatch(), geminiBatch())',
        adapter,
      );
    }
    if (seen.has(adapter.provider)) {
      throw invalid(`adapters[${index}].provider`, 'one adapter per provider', adapter.provider);
    }
    seen.add(adapter.provider);
  }
  return value as BatchAdapter[];
}

function hasMethods(value: unknown, methods: string[]): boolean {
  return isObject(value) && methods.every((method) => typeof value[method] === 'function');
}

/** The options with their defaults, each checked: a bad one throws `invalid_request` naming it. */
export function resolveOptions(options: BatchManagerOptions) {
  if (!isObject(options)) throw invalid('options', 'an object', options);
  const adapters = checkAdapters(options.adapters);
  const clock = options.clock ?? systemClock;
  if (!hasMethods(clock, ['now', 'sleep'])) throw invalid('clock', 'a Clock', clock);
  const store =
    options.store ?? createMemoryKeyValueStore({ clock, maxEntries: Infinity, maxBytes: Infinity });
  if (!hasMethods(store, ['get', 'set', 'delete']))
    throw invalid('store', 'a KeyValueStore', store);
  if (options.live !== undefined && !hasMethods(options.live, ['generate', 'stream'])) {
    throw invalid('live', 'a LanguageModel', options.live);
  }
  if (options.budget !== undefined && !hasMethods(options.budget, ['reserve', 'record'])) {
    throw invalid('budget', 'a BatchBudget ({ reserve, record })', options.budget);
  }
  if (options.catalog !== undefined && !hasMethods(options.catalog, ['get', 'costOf'])) {
    throw invalid('catalog', 'a ModelCatalog (createModelCatalog())', options.catalog);
  }
  for (const field of ['ids', 'observer'] as const) {
    const value = options[field];
    if (value !== undefined && typeof value !== 'function')
      throw invalid(field, 'a function', value);
  }
  const failoverOn = options.failoverOn ?? defaultFailoverKinds;
  if (!Array.isArray(failoverOn) || !failoverOn.every((kind) => errorKinds.includes(kind))) {
    throw invalid('failoverOn', `an array of error kinds (${errorKinds.join(', ')})`, failoverOn);
  }
  const pollIntervalMs = duration(options, 'pollIntervalMs', 30_000);
  const leaseMs = duration(options, 'leaseMs', 5 * MINUTE);
  if (leaseMs <= pollIntervalMs) {
    throw invalid('leaseMs', `more than pollIntervalMs (${pollIntervalMs})`, leaseMs);
  }
  const liveConcurrency = duration(options, 'liveConcurrency', 4);
  if (!Number.isInteger(liveConcurrency))
    throw invalid('liveConcurrency', 'an integer >= 1', liveConcurrency);
  const defaultMaxOutputTokens = duration(options, 'defaultMaxOutputTokens', 4096);
  if (!Number.isInteger(defaultMaxOutputTokens)) {
    throw invalid('defaultMaxOutputTokens', 'an integer >= 1', defaultMaxOutputTokens);
  }
  return {
    adapters,
    store,
    clock,
    candidates:
      options.candidates === undefined
        ? undefined
        : checkCandidates(options.candidates, 'candidates', invalid),
    live: options.live,
    liveMarginMs: duration(options, 'liveMarginMs', 15 * MINUTE, 0),
    liveConcurrency,
    pollIntervalMs,
    leaseMs,
    claimSettleMs: duration(options, 'claimSettleMs', 1000, 0),
    retentionMs: duration(options, 'retentionMs', 7 * 24 * 60 * MINUTE),
    failoverOn: new Set<ErrorKind>(failoverOn),
    budget: options.budget,
    catalog: options.catalog ?? defaultCatalog,
    defaultMaxOutputTokens,
    ids: options.ids ?? randomId,
    observer: options.observer,
  };
}
