import {
  type Clock,
  defaultCatalog,
  type GenerateRequest,
  type IdGenerator,
  type ModelCatalog,
  type ModelPricing,
  type Observer,
  randomId,
  sequentialIds,
  systemClock,
} from '@llmux/core';
import {
  invalidOption,
  isPlainObject,
  type Limits,
  type LimitsByScope,
  validateLimitsByScope,
} from './limits.js';
import { createMemoryStore } from './memory-store.js';
import type { RateLimitStore } from './rate-limit-store.js';
import type { ResolvedOutage } from './store-session.js';

/** Whether a call without room waits for it or is refused at once. */
export type WaitMode = 'wait' | 'fail-fast';

/** What the limiter does while its store (Redis) cannot be reached. */
export interface OutageOptions {
  /**
   * `local` counts in this process alone, against `localShare` of each limit, until the store
   * answers again; `fail-closed` refuses every call (a `server_error`). Default `local`.
   */
  mode?: 'local' | 'fail-closed';
  /**
   * Share of each limit this process may use while counting alone, above 0 to 1. Default: its
   * fair share, one over the processes the store listed as sharing it when it last answered.
   */
  localShare?: number;
}

export interface RateLimitOptions {
  limits: LimitsByScope;
  /**
   * The own limits of an API key (a request's `metadata.keyId`), looked up at every call so they
   * change without a new limiter: a call counts against them in a `key` scope besides its
   * tenant's. Return the same object while the limits stay the same (scopes are kept per object).
   * Undefined: the key has no limits of its own.
   */
  keyLimits?: (keyId: string) => Limits | undefined;
  /** Where counts are kept. Default: a memory store of this limiter's own. */
  store?: RateLimitStore;
  /** Default `wait`; a function chooses per request. */
  mode?: WaitMode | ((request: GenerateRequest) => WaitMode);
  /** The longest a call waits for room, in line included. Default 30 000 ms. */
  maxWaitMs?: number;
  /**
   * How long a call held back by a concurrency limit waits before asking again (a call ending in
   * this process wakes it sooner), and the `retryAfterMs` such a refusal carries. Default 250 ms.
   */
  pollMs?: number;
  /**
   * How long a concurrency lease or budget hold lasts unless renewed: calls in flight renew
   * theirs (together, every third of it), so only those of a process that died or of a call
   * given up on lapse, this long after. Default 5000 ms.
   */
  leaseMs?: number;
  /** Output tokens reserved for a request without `maxOutputTokens`. Default 1024. */
  defaultMaxOutputTokens?: number;
  /** How long to stop after a 429 or an empty allowance that gave no reset time. Default 1000 ms. */
  defaultPauseMs?: number;
  /** What to do while the store cannot be reached. Default `{ mode: 'local' }`, at a fair share. */
  outage?: OutageOptions;
  /**
   * Prices of the wrapped model: for the spend estimate made before a call, and for a call the
   * model itself could not price (its `costUsd` came back 0). Default: core's catalog.
   */
  catalog?: ModelCatalog;
  /**
   * The price of a wrapped model the catalog does not know. Without a price from either, a call
   * that a spend limit applies to is refused (an `UnpricedModelError`) rather than counted free;
   * calls without a budget go ahead.
   */
  fallbackPricing?: ModelPricing;
  clock?: Clock;
  /** Names reservations; must be unique across every process sharing the store. */
  ids?: IdGenerator;
  observer?: Observer;
}

/** What the limiter reads of any request it limits (a `GenerateRequest`, an `EmbedRequest`). */
export type LimitedRequest = Pick<
  GenerateRequest,
  'metadata' | 'signal' | 'deadlineAt' | 'admission'
>;

export interface ResolvedOptions<R extends LimitedRequest = GenerateRequest> {
  limits: LimitsByScope;
  keyLimits?: (keyId: string) => Limits | undefined;
  store: RateLimitStore;
  mode: (request: R) => WaitMode;
  maxWaitMs: number;
  pollMs: number;
  leaseMs: number;
  defaultMaxOutputTokens: number;
  defaultPauseMs: number;
  outage: ResolvedOutage;
  catalog: ModelCatalog;
  fallbackPricing?: ModelPricing;
  clock: Clock;
  ids: IdGenerator;
  observer?: Observer;
}

function duration(value: unknown, path: string, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw invalidOption(path, `a number of milliseconds, ${min} or more`, value);
  }
  return value;
}

function checkMode(mode: unknown, path: string): WaitMode {
  if (mode !== 'wait' && mode !== 'fail-fast')
    throw invalidOption(path, '"wait" or "fail-fast"', mode);
  return mode;
}

/**
 * The default reservation ids: unique across the processes sharing a store by a random prefix
 * drawn once per process, then a counter, not a UUID drawn for every call.
 */
const processIds: IdGenerator = sequentialIds(randomId());

const rateFields = ['input', 'output', 'cacheRead', 'cacheWrite', 'cacheWrite1h'];

/** Rates in USD per million tokens: `input` and `output` at least, each a number 0 or more. */
function checkRates(value: unknown, path: string): void {
  if (!isPlainObject(value)) throw invalidOption(path, 'an object of rates', value);
  for (const field of rateFields) {
    const rate = value[field];
    const required = field === 'input' || field === 'output';
    if (rate === undefined && !required) continue;
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0) {
      throw invalidOption(
        `${path}.${field}`,
        'a number of USD per million tokens, 0 or more',
        rate,
      );
    }
  }
}

function resolveFallbackPricing(value: unknown): ModelPricing | undefined {
  if (value === undefined) return undefined;
  checkRates(value, 'fallbackPricing');
  return value as unknown as ModelPricing;
}

function resolveOutage(value: unknown): ResolvedOutage {
  if (value === undefined) return { mode: 'local' };
  if (!isPlainObject(value)) throw invalidOption('outage', 'an object', value);
  const { mode = 'local', localShare } = value;
  if (mode !== 'fail-closed' && mode !== 'local') {
    throw invalidOption('outage.mode', '"local" or "fail-closed"', mode);
  }
  if (
    localShare !== undefined &&
    (typeof localShare !== 'number' || !(localShare > 0 && localShare <= 1))
  ) {
    throw invalidOption('outage.localShare', 'a number above 0, at most 1', localShare);
  }
  // Store calls are bounded by the store now: createRedisStore({ timeoutMs, retryMs }).
  for (const moved of ['timeoutMs', 'retryMs']) {
    if (value[moved] !== undefined) {
      throw invalidOption(`outage.${moved}`, `left out: give it to createRedisStore`, value[moved]);
    }
  }
  return localShare === undefined ? { mode } : { mode, localShare };
}

/** Checks every option, naming the bad one in an `invalid_request` error, and fills defaults. */
export function resolveOptions<R extends LimitedRequest = GenerateRequest>(
  options: unknown,
): ResolvedOptions<R> {
  if (!isPlainObject(options)) throw invalidOption('options', 'an object', options);
  const store = options.store ?? createMemoryStore();
  if (
    !isPlainObject(store) ||
    !['reserve', 'settle', 'renew', 'pause', 'read'].every(
      (method) => typeof store[method] === 'function',
    )
  ) {
    throw invalidOption('store', 'a rate-limit store (createMemoryStore, createRedisStore)', store);
  }
  const { mode = 'wait' } = options;
  if (typeof mode !== 'function') checkMode(mode, 'mode');
  const maxOutput = options.defaultMaxOutputTokens ?? 1024;
  if (typeof maxOutput !== 'number' || !Number.isInteger(maxOutput) || maxOutput < 0) {
    throw invalidOption('defaultMaxOutputTokens', 'an integer, 0 or more', maxOutput);
  }
  const injected = (name: string, kind: 'function' | 'object') => {
    const value = options[name];
    if (value !== undefined && typeof value !== kind) {
      throw invalidOption(name, kind === 'function' ? 'a function' : 'an object', value);
    }
    return value;
  };
  return {
    limits: validateLimitsByScope(options.limits),
    keyLimits: injected('keyLimits', 'function') as ResolvedOptions['keyLimits'],
    store: store as unknown as RateLimitStore,
    mode:
      typeof mode === 'function'
        ? (request: R) => checkMode(mode(request), 'mode(request)')
        : () => mode as WaitMode,
    maxWaitMs: duration(options.maxWaitMs, 'maxWaitMs', 30_000),
    pollMs: duration(options.pollMs, 'pollMs', 250, 1),
    leaseMs: duration(options.leaseMs, 'leaseMs', 5_000, 1_000),
    defaultMaxOutputTokens: maxOutput,
    defaultPauseMs: duration(options.defaultPauseMs, 'defaultPauseMs', 1000),
    outage: resolveOutage(options.outage),
    catalog: (injected('catalog', 'object') as ModelCatalog | undefined) ?? defaultCatalog,
    fallbackPricing: resolveFallbackPricing(options.fallbackPricing),
    clock: (injected('clock', 'object') as Clock | undefined) ?? systemClock,
    ids: (injected('ids', 'function') as IdGenerator | undefined) ?? processIds,
    observer: injected('observer', 'function') as Observer | undefined,
  };
}
