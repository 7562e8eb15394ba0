import { approximateTokens, type Clock } from '@llmux/core';
import type { BatchCall, BatchHandler } from '../simulator/batch-http.js';
import { isObject } from '../simulator/is-object.js';
import { LOWERCASE_ALPHANUMERIC, randomChars } from '../simulator/random-chars.js';
import { SimulatorRequestError } from '../simulator/types.js';
import { checkContents, checkTools, promptTextOf } from './gemini-request.js';

/** An explicit context cache as the simulator keeps it. */
export interface SimCachedContent {
  /** `cachedContents/…` */
  name: string;
  /** `models/…` */
  model: string;
  displayName: string;
  createTime: number;
  updateTime: number;
  expireTime: number;
  /** The tokens it holds: what a call that uses it reads, and what its storage is billed on. */
  tokens: number;
  /** The turns it holds, which come before a call's own. */
  contents: Array<Record<string, unknown>>;
}

/** One hour, when a cache is created without `ttl` or `expireTime`. */
const DEFAULT_TTL_MS = 3_600_000;
const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;
const PATH = /^\/(v1|v1beta|v1alpha)\/cachedContents(?:\/([^/]+))?$/;

/**
 * The smallest explicit cache a model takes, in tokens: 1024 on 2.5 Flash and every 3.x model
 * (recorded), more on the larger 2.5 Pro.
 */
const minimumCachedTokens = (model: string): number =>
  /^(models\/)?gemini-2\.5-pro/.test(model) ? 2048 : 1024;

/** What the API answers for a name it does not have, deleted or expired: 403, never 404. */
export const cacheNotFound = () =>
  new SimulatorRequestError('CachedContent not found (or permission denied)', 403);

const invalid = (message: string) => new SimulatorRequestError(message, 400);

/** A `google.protobuf.Duration` (`"300s"`, `"3.5s"`) in milliseconds. */
function durationMs(value: unknown, field: string): number {
  const seconds =
    typeof value === 'string' ? value.match(/^(\d+(?:\.\d{1,9})?)s$/)?.[1] : undefined;
  if (seconds === undefined) {
    throw invalid(
      `Invalid value at '${field}' (type.googleapis.com/google.protobuf.Duration), ${JSON.stringify(value)}`,
    );
  }
  return Math.round(Number(seconds) * 1000);
}

/** When a create or patch body says the cache ends: `ttl` from now, or `expireTime`. */
function expiryOf(body: Record<string, unknown>, now: number, otherwise: number): number {
  if (body.ttl !== undefined) return now + durationMs(body.ttl, 'cached_content.ttl');
  if (body.expireTime === undefined) return otherwise;
  const at = typeof body.expireTime === 'string' ? Date.parse(body.expireTime) : Number.NaN;
  if (Number.isNaN(at)) {
    throw invalid(
      `Invalid value at 'cached_content.expire_time' (type.googleapis.com/google.protobuf.Timestamp), ${JSON.stringify(body.expireTime)}`,
    );
  }
  return at;
}

const jsonBody = (call: BatchCall): Record<string, unknown> => {
  const text = call.body.toString('utf8').trim();
  const body: unknown = text === '' ? {} : JSON.parse(text);
  if (!isObject(body)) throw invalid('Invalid JSON payload received. Expected an object.');
  return body;
};

const iso = (ms: number) => new Date(ms).toISOString();

/** A cache as the API shows it: never what it holds. */
const view = (cache: SimCachedContent) => ({
  name: cache.name,
  model: cache.model,
  createTime: iso(cache.createTime),
  updateTime: iso(cache.updateTime),
  expireTime: iso(cache.expireTime),
  displayName: cache.displayName,
  usageMetadata: { totalTokenCount: cache.tokens },
});

/**
 * Gemini's `cachedContents` resource (create, get, patch the lifetime, delete, list), on the
 * simulator's clock: a cache is gone once its `expireTime` has passed. Answers as recorded from
 * the real API: a cache below the model's minimum is refused (400 "Cached content is too
 * small"), and an unknown, deleted or expired name is a 403 `PERMISSION_DENIED`.
 */
export function createGeminiCachedContents(clock: Clock) {
  const caches = new Map<string, SimCachedContent>();
  const live = (name: string): SimCachedContent | undefined => {
    const cache = caches.get(name);
    if (cache && cache.expireTime <= clock.now()) caches.delete(name);
    return caches.get(name);
  };
  const existing = (id: string) => live(`cachedContents/${id}`) ?? throwNotFound();
  const throwNotFound = (): never => {
    throw cacheNotFound();
  };

  const create = (call: BatchCall) => {
    const body = jsonBody(call);
    if (typeof body.model !== 'string' || body.model === '') {
      throw invalid('* CreateCachedContentRequest.cached_content.model: model is not specified\n');
    }
    const model = body.model.startsWith('models/') ? body.model : `models/${body.model}`;
    const contents =
      body.contents === undefined ? [] : checkContents(body.contents, 'cached_content.contents');
    const declarations = checkTools(body.tools, 'cached_content.tools');
    const tokens = approximateTokens(promptTextOf(body.systemInstruction, contents, declarations));
    const minimum = minimumCachedTokens(model);
    if (tokens < minimum) {
      throw invalid(
        `Cached content is too small. total_token_count=${tokens}, min_total_token_count=${minimum}`,
      );
    }
    const now = clock.now();
    const cache: SimCachedContent = {
      name: `cachedContents/${randomChars(LOWERCASE_ALPHANUMERIC, 40)}`,
      model,
      displayName: typeof body.displayName === 'string' ? body.displayName : '',
      createTime: now,
      updateTime: now,
      expireTime: expiryOf(body, now, now + DEFAULT_TTL_MS),
      tokens,
      contents,
    };
    caches.set(cache.name, cache);
    return { body: view(cache) };
  };

  const list = (call: BatchCall) => {
    const all = [...caches.keys()].flatMap((name) => live(name) ?? []);
    const asked = Number(call.url.searchParams.get('pageSize') ?? DEFAULT_PAGE_SIZE);
    const size = Math.min(MAX_PAGE_SIZE, asked > 0 ? asked : DEFAULT_PAGE_SIZE);
    const from = Number(call.url.searchParams.get('pageToken') ?? 0) || 0;
    const page = all.slice(from, from + size);
    // An empty list is an empty object, as the API sends it.
    if (page.length === 0) return { body: {} };
    const more = from + size < all.length ? { nextPageToken: String(from + size) } : {};
    return { body: { cachedContents: page.map(view), ...more } };
  };

  const handlers: Record<string, (call: BatchCall, id: string) => { body: unknown }> = {
    'POST collection': create,
    'GET collection': list,
    'GET item': (_call, id) => ({ body: view(existing(id)) }),
    'PATCH item': (call, id) => {
      const cache = existing(id);
      const now = clock.now();
      cache.expireTime = expiryOf(jsonBody(call), now, cache.expireTime);
      cache.updateTime = now;
      return { body: view(cache) };
    },
    'DELETE item': (_call, id) => {
      caches.delete(existing(id).name);
      return { body: {} };
    },
  };

  return {
    route(method: string, url: URL): BatchHandler | undefined {
      const match = url.pathname.match(PATH);
      if (!match) return undefined;
      const id = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
      const handler = handlers[`${method} ${id === undefined ? 'collection' : 'item'}`];
      return handler && ((call) => handler(call, id ?? ''));
    },
    /** The live cache of that name, if any. */
    get: (name: string): SimCachedContent | undefined => live(name),
    clear: () => caches.clear(),
  };
}
