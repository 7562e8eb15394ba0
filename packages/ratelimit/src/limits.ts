import { invalidOption as coreInvalidOption } from '@llmux/core';

export type Measure = 'requests' | 'tokens';

/** A sliding window of any length: at most `limit` requests or tokens in any `windowMs`. */
export interface WindowLimit {
  measure: Measure;
  limit: number;
  windowMs: number;
}

/** The limits of one scope. Every field is optional; an absent one does not limit. */
export interface Limits {
  requestsPerMinute?: number;
  /** Input plus output tokens. */
  tokensPerMinute?: number;
  tokensPerDay?: number;
  /** Calls in flight at once. */
  concurrentRequests?: number;
  /** Budget in USD per UTC day. */
  spendPerDayUsd?: number;
  /** Budget in USD per UTC month. */
  spendPerMonthUsd?: number;
  /** Further sliding windows, e.g. `{ measure: 'requests', limit: 10, windowMs: 1000 }`. */
  windows?: WindowLimit[];
}

/**
 * Limits by scope. Scopes are keys in the store: limiters that share a store share the
 * `global`, `provider` and tenant counts, so give them the same limits for those scopes.
 */
export interface LimitsByScope {
  /** Every call through every limiter on the store. */
  global?: Limits;
  /** Every model of the wrapped model's provider. */
  provider?: Limits;
  /** The wrapped provider and model. */
  model?: Limits;
  /** Each tenant (`request.metadata.tenant`) on its own. */
  tenant?: Limits;
  /** Limits of particular tenants, in place of `tenant`. */
  tenants?: Record<string, Limits>;
}

/** A sliding window with the name it is reported under. */
export interface NamedWindow extends WindowLimit {
  name: string;
}

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** The configuration error of llmux, for a rate limit option: names the field and what was expected. */
export const invalidOption = (path: string, expected: string, got: unknown) =>
  coreInvalidOption(path, expected, got, 'rate limit option');

/** Tenants may be API keys: errors show only their first characters. */
const maskTenant = (tenant: string): string =>
  JSON.stringify(tenant.length > 6 ? `${tenant.slice(0, 4)}…` : tenant);

/** An object that is not null nor an array: what an options object or a set of limits must be. */
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const positiveInteger = (value: unknown) =>
  typeof value === 'number' && Number.isInteger(value) && value > 0;
const nonNegativeNumber = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;

const countFields = ['requestsPerMinute', 'tokensPerMinute', 'tokensPerDay', 'concurrentRequests'];
const budgetFields = ['spendPerDayUsd', 'spendPerMonthUsd'];
const limitFields = new Set([...countFields, ...budgetFields, 'windows']);
const scopeFields = new Set(['global', 'provider', 'model', 'tenant', 'tenants']);

function validateWindow(value: unknown, path: string): void {
  if (!isPlainObject(value)) throw invalidOption(path, 'an object', value);
  if (value.measure !== 'requests' && value.measure !== 'tokens') {
    throw invalidOption(`${path}.measure`, '"requests" or "tokens"', value.measure);
  }
  if (!positiveInteger(value.limit)) {
    throw invalidOption(`${path}.limit`, 'a positive integer', value.limit);
  }
  if (!positiveInteger(value.windowMs)) {
    throw invalidOption(`${path}.windowMs`, 'a positive integer of milliseconds', value.windowMs);
  }
}

/** Checks one scope's limits; throws an `invalid_request` error naming the bad field. */
export function validateLimits(value: unknown, path: string): void {
  if (!isPlainObject(value)) throw invalidOption(path, 'an object of limits', value);
  for (const [field, limit] of Object.entries(value)) {
    const at = `${path}.${field}`;
    if (!limitFields.has(field)) throw invalidOption(at, 'no such field', field);
    if (limit === undefined) continue;
    if (countFields.includes(field) && !positiveInteger(limit)) {
      throw invalidOption(at, 'a positive integer', limit);
    }
    if (budgetFields.includes(field) && !nonNegativeNumber(limit)) {
      throw invalidOption(at, 'a number of USD, 0 or more', limit);
    }
    if (field === 'windows') {
      if (!Array.isArray(limit)) throw invalidOption(at, 'an array', limit);
      limit.forEach((window, index) => {
        validateWindow(window, `${at}[${index}]`);
      });
    }
  }
}

/** Checks the limits of every scope; throws an `invalid_request` error naming the bad field. */
export function validateLimitsByScope(value: unknown, path = 'limits'): LimitsByScope {
  if (!isPlainObject(value)) throw invalidOption(path, 'an object of scopes', value);
  for (const [scope, limits] of Object.entries(value)) {
    const at = `${path}.${scope}`;
    if (!scopeFields.has(scope)) {
      throw invalidOption(at, 'one of global, provider, model, tenant, tenants', scope);
    }
    if (limits === undefined) continue;
    if (scope !== 'tenants') {
      validateLimits(limits, at);
      continue;
    }
    if (!isPlainObject(limits)) throw invalidOption(at, 'an object of limits by tenant', limits);
    for (const [tenant, tenantLimits] of Object.entries(limits)) {
      validateLimits(tenantLimits, `${at}[${maskTenant(tenant)}]`);
    }
  }
  return value as LimitsByScope;
}

/** Every sliding window of a scope's limits, named as configured. */
export function windowsOf(limits: Limits): NamedWindow[] {
  const windows: NamedWindow[] = [];
  const add = (name: string, measure: Measure, limit: number | undefined, windowMs: number) => {
    if (limit !== undefined) windows.push({ name, measure, limit, windowMs });
  };
  add('requestsPerMinute', 'requests', limits.requestsPerMinute, MINUTE_MS);
  add('tokensPerMinute', 'tokens', limits.tokensPerMinute, MINUTE_MS);
  add('tokensPerDay', 'tokens', limits.tokensPerDay, DAY_MS);
  limits.windows?.forEach((window, index) => {
    add(`windows[${index}]`, window.measure, window.limit, window.windowMs);
  });
  return windows;
}
