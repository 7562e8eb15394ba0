import { type CacheControl, type GenerateRequest, LlmuxError } from '@llmux/core';
import { isPlainObject } from './is-plain-object.js';

/** What the cache does with one request. */
export interface CachePolicy {
  /** Read the store and join identical calls in flight. */
  lookup: boolean;
  /** Store the answer. */
  store: boolean;
  /** How long the stored answer lives; `undefined` for ever. */
  ttlMs: number | undefined;
}

export interface CacheDefaults {
  ttlMs: number;
  cacheNonDeterministic: boolean;
}

const invalid = (message: string) =>
  new LlmuxError({ kind: 'invalid_request', message, provider: 'cache' });

/** A TTL is a positive number of milliseconds; `Infinity` means no expiry. */
export const isValidTtl = (value: unknown): value is number =>
  typeof value === 'number' && value > 0;

const validControl = (control: unknown): CacheControl => {
  if (control === undefined) return {};
  if (!isPlainObject(control)) throw invalid('request.cache must be an object');
  for (const flag of ['skipLookup', 'noStore', 'force'] as const) {
    if (control[flag] !== undefined && typeof control[flag] !== 'boolean') {
      throw invalid(`request.cache.${flag} must be a boolean, got ${String(control[flag])}`);
    }
  }
  if (control.ttlMs !== undefined && !isValidTtl(control.ttlMs)) {
    throw invalid(
      `request.cache.ttlMs must be a positive number of milliseconds, got ${String(control.ttlMs)}`,
    );
  }
  return control;
};

/**
 * Decides whether and how a request is cached; `undefined` when the cache stays out of it.
 * Only deterministic requests (temperature 0) are cached unless `force` or
 * `cacheNonDeterministic` opt in. Throws `invalid_request` for malformed `request.cache`.
 */
export function cachePolicy(
  request: GenerateRequest,
  defaults: CacheDefaults,
): CachePolicy | undefined {
  const control = validControl(request.cache);
  const deterministic = request.temperature === 0;
  if (!deterministic && !control.force && !defaults.cacheNonDeterministic) return undefined;
  return controlPolicy(control, defaults.ttlMs);
}

/**
 * What a request's own `cache` controls say, for an answer that is always deterministic (an
 * embedding); `undefined` when it neither reads nor stores. Throws for malformed controls.
 */
export function controlPolicy(
  input: CacheControl | undefined,
  defaultTtlMs: number,
): CachePolicy | undefined {
  const control = validControl(input);
  const lookup = !control.skipLookup;
  const store = !control.noStore;
  if (!lookup && !store) return undefined;
  const ttlMs = control.ttlMs ?? defaultTtlMs;
  return { lookup, store, ttlMs: Number.isFinite(ttlMs) ? ttlMs : undefined };
}
