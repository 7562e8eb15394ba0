import { hash, randomUUID } from 'node:crypto';
import type { Content, GenerateContentParameters, GoogleGenAI } from '@google/genai';
import {
  approximateTokens,
  type Clock,
  type GenerateRequest,
  type KeyValueStore,
  unsupportedSetting,
  type Warning,
} from '@llmux/core';
import { isCacheMissing, isCacheTooSmall } from './gemini-cache-errors.js';
import { type GeminiCachePrefix, splitCachePrefix } from './gemini-cache-prefix.js';
import { type CacheRecord, parseCacheRecord } from './gemini-cache-record.js';
import { mapGeminiError } from './map-gemini-error.js';

/**
 * The fewest tokens the Gemini API makes an explicit cache of (2.5 Flash and every 3.x model);
 * a model that needs more says so when asked, and that is remembered.
 */
export const MIN_CACHED_TOKENS = 1024;
/** A claim left by a process that died ends after this, and another may create the cache. */
const CLAIM_TTL_MS = 60_000;
/** How long the fleet remembers that the API found a prefix too small. */
const TOO_SMALL_TTL_MS = 3_600_000;
const HOUR_MS = 3_600_000;
/** The SDK's own retries stay off for cache calls too: failover owns retrying. */
const ONE_ATTEMPT = { retryOptions: { attempts: 1 } };

/** What a call that used an explicit cache reports in `providerMetadata.gemini.contextCache`. */
export interface ContextCacheReport {
  /** `cachedContents/…` */
  name: string;
  /** What this call did to the cache before using it. */
  action: 'created' | 'refreshed' | 'reused';
  /** Tokens the cache holds: read by every call that uses it, and billed for storage. */
  tokens: number;
  /** When the cache expires unless used again, epoch milliseconds. */
  expiresAt: number;
  /**
   * The storage this call bought: the cache's tokens for the hours of lifetime it added by
   * creating or refreshing the cache (none when it only reused it). Its cost is tokens × hours ×
   * the model's storage rate (USD per million tokens per hour).
   */
  storage: { tokens: number; hours: number };
}

export interface GeminiContextCacheOptions {
  client: () => GoogleGenAI;
  /** Where the names of live caches are shared, with claims and refusals, across a fleet. */
  store: KeyValueStore;
  clock: Clock;
  /** Names the API key's project in store keys (caches belong to it): a digest, never the key. */
  scope: string;
  /** How long a process waits after claiming a prefix before it checks that its claim held. */
  claimSettleMs: number;
  /** Only to scrub it from warnings. */
  apiKey?: string;
}

/** A request ready to send, with or without an explicit cache. */
interface Prepared {
  params: GenerateContentParameters;
  warnings: Warning[];
  report?: ContextCacheReport;
  /** The cache it uses, to forget should the API say it is gone. */
  entry?: { key: string; name: string };
}

type Acquired =
  | {
      record: Extract<CacheRecord, { state: 'ready' }>;
      report: ContextCacheReport;
      warnings: Warning[];
    }
  | { warnings: Warning[] };

const digest = (value: unknown) => hash('sha256', JSON.stringify(value), 'base64url').slice(0, 22);

/** The request with the prefix replaced by the cache: what Gemini takes beside a cache. */
function withCache(params: GenerateContentParameters, rest: Content[], name: string) {
  const { systemInstruction: _s, tools: _t, toolConfig: _c, ...config } = params.config ?? {};
  return { ...params, contents: rest, config: { ...config, cachedContent: name } };
}

/**
 * Gemini explicit context caching for requests with a `promptCache` hint. The hinted prefix is
 * cached once per project across a fleet: the shared store names its live cache, and a process
 * that finds none claims the prefix, waits `claimSettleMs`, and creates the cache only if its
 * claim is still there (so processes racing for one prefix make one cache, or rarely two, never
 * more). Meanwhile the others send their calls whole. A cache is used while it lives and its
 * lifetime is extended (`caches.update`) once half of it has passed; a cache the API says is gone
 * is forgotten and made again, and the call sent once more. A prefix under the model's minimum
 * is sent whole, with a warning once per model; a store or API failure sends the call whole, with
 * a warning.
 */
export function createGeminiContextCache(options: GeminiContextCacheOptions) {
  const { client, store, clock, scope, claimSettleMs, apiKey } = options;
  const warnedTooSmall = new Set<string>();

  /** Why the cache could not be had, as a warning: the failure as an `LlmuxError` words it. */
  const unavailable = (error: unknown, model: string): Warning => ({
    type: 'other',
    message: `The explicit context cache was unavailable (${mapGeminiError(error, { provider: 'gemini', model, apiKey }).message}); the call went without it`,
  });

  /** The too-small warning, the first time for a model. */
  const tooSmall = (modelId: string, details: string): Warning[] => {
    if (warnedTooSmall.has(modelId)) return [];
    warnedTooSmall.add(modelId);
    return [
      unsupportedSetting(
        'promptCache',
        `${details}: ${modelId} makes no explicit cache of it, so such calls go whole (said once)`,
      ),
    ];
  };

  const save = (key: string, record: CacheRecord, ttlMs: number) =>
    store.set(key, JSON.stringify(record), Math.max(1, ttlMs));

  const claim = async (key: string, signal?: AbortSignal): Promise<boolean> => {
    // Unique across processes whatever ids the provider was given: two claims must never match.
    const owner = randomUUID();
    await save(key, { state: 'claimed', owner }, CLAIM_TTL_MS);
    if (claimSettleMs > 0) await clock.sleep(claimSettleMs, signal);
    const held = parseCacheRecord(await store.get(key));
    return held?.state === 'claimed' && held.owner === owner;
  };

  const forget = async (entry: { key: string; name: string }) => {
    const record = parseCacheRecord(await store.get(entry.key));
    if (record?.state === 'ready' && record.name === entry.name) await store.delete(entry.key);
  };

  const report = (
    record: Extract<CacheRecord, { state: 'ready' }>,
    action: ContextCacheReport['action'],
    addedMs: number,
  ): Acquired => ({
    record,
    warnings: [],
    report: {
      name: record.name,
      action,
      tokens: record.tokens,
      expiresAt: record.expiresAt,
      storage: { tokens: record.tokens, hours: Math.max(0, addedMs) / HOUR_MS },
    },
  });

  interface Wanted {
    key: string;
    modelId: string;
    prefix: GeminiCachePrefix;
    tokens: number;
    ttlMs: number;
    signal?: AbortSignal;
  }

  const create = async (wanted: Wanted): Promise<Acquired> => {
    const { key, modelId, prefix, ttlMs, signal } = wanted;
    if (!(await claim(key, signal))) return { warnings: [] };
    const now = clock.now();
    try {
      const created = await client().caches.create({
        model: modelId,
        config: {
          ...prefix,
          ttl: `${ttlMs / 1000}s`,
          abortSignal: signal,
          httpOptions: ONE_ATTEMPT,
        },
      });
      if (!created.name) throw new Error('Gemini created a cache without a name');
      const record = {
        state: 'ready' as const,
        name: created.name,
        tokens: created.usageMetadata?.totalTokenCount ?? wanted.tokens,
        expiresAt: Date.parse(created.expireTime ?? '') || now + ttlMs,
      };
      await save(key, record, record.expiresAt - clock.now());
      return report(record, 'created', record.expiresAt - now);
    } catch (error) {
      if (!isCacheTooSmall(error)) {
        await store.delete(key);
        throw error;
      }
      await save(key, { state: 'too-small' }, TOO_SMALL_TTL_MS);
      return { warnings: tooSmall(modelId, 'The API found the hinted prefix too small') };
    }
  };

  const refresh = async (
    wanted: Wanted,
    record: Extract<CacheRecord, { state: 'ready' }>,
  ): Promise<Acquired> => {
    try {
      const updated = await client().caches.update({
        name: record.name,
        config: {
          ttl: `${wanted.ttlMs / 1000}s`,
          abortSignal: wanted.signal,
          httpOptions: ONE_ATTEMPT,
        },
      });
      const expiresAt = Date.parse(updated.expireTime ?? '') || clock.now() + wanted.ttlMs;
      const next = { ...record, expiresAt };
      await save(wanted.key, next, expiresAt - clock.now());
      return report(next, 'refreshed', expiresAt - record.expiresAt);
    } catch (error) {
      if (wanted.signal?.aborted) throw error;
      if (isCacheMissing(error)) {
        await forget({ key: wanted.key, name: record.name });
        return create(wanted);
      }
      // Still alive for a while: used as it is.
      const reused = report(record, 'reused', 0);
      return { ...reused, warnings: [unavailable(error, wanted.modelId)] };
    }
  };

  const acquire = async (wanted: Wanted): Promise<Acquired> => {
    const record = parseCacheRecord(await store.get(wanted.key));
    const left = record?.state === 'ready' ? record.expiresAt - clock.now() : 0;
    if (record?.state === 'ready' && left > wanted.ttlMs / 2) return report(record, 'reused', 0);
    if (record?.state === 'ready' && left > 0) return refresh(wanted, record);
    if (record?.state === 'too-small') {
      return { warnings: tooSmall(wanted.modelId, 'The API found the hinted prefix too small') };
    }
    // Another process is creating it: this call goes whole rather than wait.
    if (record?.state === 'claimed') return { warnings: [] };
    return create(wanted);
  };

  const prepare = async (
    modelId: string,
    request: GenerateRequest,
    params: GenerateContentParameters,
    signal?: AbortSignal,
  ): Promise<Prepared> => {
    const hint = request.promptCache;
    // A cache the caller named itself (`providerOptions.gemini.cachedContent`) is theirs to run.
    if (!hint || params.config?.cachedContent !== undefined) return { params, warnings: [] };
    const split = splitCachePrefix(request.messages, hint, params);
    if (!split) {
      return {
        params,
        warnings: [unsupportedSetting('promptCache', 'the request has no prefix to cache')],
      };
    }
    const tokens = approximateTokens(JSON.stringify(split.prefix));
    if (tokens < MIN_CACHED_TOKENS) {
      return {
        params,
        warnings: tooSmall(
          modelId,
          `The hinted prefix has about ${tokens} tokens, under ${MIN_CACHED_TOKENS}`,
        ),
      };
    }
    const key = `gemini-context-cache:${digest([scope, modelId, split.prefix])}`;
    const ttlMs = hint.ttl === '1h' ? HOUR_MS : 5 * 60_000;
    try {
      const acquired = await acquire({ key, modelId, prefix: split.prefix, tokens, ttlMs, signal });
      if (!('record' in acquired)) return { params, warnings: acquired.warnings };
      const { name } = acquired.record;
      return {
        params: withCache(params, split.rest, name),
        warnings: acquired.warnings,
        report: acquired.report,
        entry: { key, name },
      };
    } catch (error) {
      if (signal?.aborted) throw error;
      return { params, warnings: [unavailable(error, modelId)] };
    }
  };

  return {
    /**
     * Sends a built request through `call`, with the explicit cache its hint asks for where
     * there is one to have; if the API says that cache is gone, makes it again and sends once
     * more. Returns the answer with the cache's warnings and report.
     */
    async send<T>(
      modelId: string,
      request: GenerateRequest,
      params: GenerateContentParameters,
      call: (params: GenerateContentParameters) => Promise<T>,
      signal?: AbortSignal,
    ): Promise<{ value: T; warnings: Warning[]; report?: ContextCacheReport }> {
      const first = await prepare(modelId, request, params, signal);
      try {
        return { value: await call(first.params), warnings: first.warnings, report: first.report };
      } catch (error) {
        if (!first.entry || !isCacheMissing(error)) throw error;
        // A store that fails here fails the next look-up too, which then reports it.
        await forget(first.entry).catch(() => undefined);
        const again = await prepare(modelId, request, params, signal);
        return { value: await call(again.params), warnings: again.warnings, report: again.report };
      }
    },
  };
}

export type GeminiContextCache = ReturnType<typeof createGeminiContextCache>;
