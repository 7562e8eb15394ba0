import {
  type Clock,
  defaultCatalog,
  type GenerateRequest,
  type IdGenerator,
  type ModelCatalog,
  type Observer,
  randomId,
  systemClock,
} from '@llmux/core';
import {
  invalidOption,
  isPlainObject,
  type LimitsByScope,
  validateLimitsByScope,
} from './limits.js';
import { createMemoryStore } from './memory-store.js';
import type { RateLimitStore } from './rate-limit-store.js';
import type { OutageOptions } from './store-guard.js';

/** Whether a call without room waits for it or is refused at once. */
export type WaitMode = 'wait' | 'fail-fast';

export interface RateLimitOptions {
  limits: LimitsByScope;
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
  /** A concurrency lease not given back by then is dropped (its process died). Default 10 min. */
  leaseMs?: number;
  /** Output tokens reserved for a request without `maxOutputTokens`. Default 1024. */
  defaultMaxOutputTokens?: number;
  /** How long to stop after a 429 or an empty allowance that gave no reset time. Default 1000 ms. */
  defaultPauseMs?: number;
  /** What to do while the store cannot be reached. Default `{ mode: 'fail-closed' }`. */
  outage?: OutageOptions;
  /** Prices for the spend estimate made before a call. Default: core's catalog. */
  catalog?: ModelCatalog;
  clock?: Clock;
  /** Names reservations; must be unique across every process sharing the store. */
  ids?: IdGenerator;
  observer?: Observer;
}

export interface ResolvedOptions {
  limits: LimitsByScope;
  store: RateLimitStore;
  mode: (request: GenerateRequest) => WaitMode;
  maxWaitMs: number;
  pollMs: number;
  leaseMs: number;
  defaultMaxOutputTokens: number;
  defaultPauseMs: number;
  outage: Required<OutageOptions>;
  catalog: ModelCatalog;
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

function resolveOutage(value: unknown): Required<OutageOptions> {
  if (value === undefined)
    return { mode: 'fail-closed', localShare: 1, timeoutMs: 1000, retryMs: 1000 };
  if (!isPlainObject(value)) throw invalidOption('outage', 'an object', value);
  if (value.mode !== 'fail-closed' && value.mode !== 'local') {
    throw invalidOption('outage.mode', '"fail-closed" or "local"', value.mode);
  }
  const share = value.localShare ?? 1;
  if (typeof share !== 'number' || !(share > 0 && share <= 1)) {
    throw invalidOption('outage.localShare', 'a number above 0, at most 1', share);
  }
  return {
    mode: value.mode,
    localShare: share,
    timeoutMs: duration(value.timeoutMs, 'outage.timeoutMs', 1000, 1),
    retryMs: duration(value.retryMs, 'outage.retryMs', 1000),
  };
}

/** Checks every option, naming the bad one in an `invalid_request` error, and fills defaults. */
export function resolveOptions(options: unknown): ResolvedOptions {
  if (!isPlainObject(options)) throw invalidOption('options', 'an object', options);
  const store = options.store ?? createMemoryStore();
  if (
    !isPlainObject(store) ||
    !['reserve', 'settle', 'pause', 'read'].every((method) => typeof store[method] === 'function')
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
    store: store as unknown as RateLimitStore,
    mode:
      typeof mode === 'function'
        ? (request) => checkMode(mode(request), 'mode(request)')
        : () => mode as WaitMode,
    maxWaitMs: duration(options.maxWaitMs, 'maxWaitMs', 30_000),
    pollMs: duration(options.pollMs, 'pollMs', 250, 1),
    leaseMs: duration(options.leaseMs, 'leaseMs', 600_000, 1),
    defaultMaxOutputTokens: maxOutput,
    defaultPauseMs: duration(options.defaultPauseMs, 'defaultPauseMs', 1000),
    outage: resolveOutage(options.outage),
    catalog: (injected('catalog', 'object') as ModelCatalog | undefined) ?? defaultCatalog,
    clock: (injected('clock', 'object') as Clock | undefined) ?? systemClock,
    ids: (injected('ids', 'function') as IdGenerator | undefined) ?? randomId,
    observer: injected('observer', 'function') as Observer | undefined,
  };
}
