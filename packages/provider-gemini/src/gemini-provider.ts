import { GoogleGenAI } from '@google/genai';
import {
  type Clock,
  checkModelId,
  checkProviderSettings,
  connectionSettings,
  createMemoryKeyValueStore,
  defaultCatalog,
  type EmbeddingModel,
  type EmbeddingSettings,
  embeddingDimensions,
  type IdGenerator,
  invalidSetting,
  type KeyValueStore,
  type LanguageModel,
  type ModelCatalog,
  missingApiKeyError,
  pricingFor,
  randomId,
  systemClock,
  tenantDigest,
} from '@llmux/core';
import { createGeminiContextCache } from './gemini-context-cache.js';
import { createGeminiEmbeddingModel } from './gemini-embedding-model.js';
import { createGeminiLanguageModel } from './gemini-language-model.js';

/** Explicit context caching of the prefixes `promptCache` hints mark. */
export interface GeminiContextCacheSettings {
  /**
   * Where the names of live caches are kept, with claims and refusals, so that a fleet makes one
   * cache per prefix: a Redis store (`createRedisKeyValueStore` from `@llmux/cache`) shared by
   * every process. Default: a store in this process (`createMemoryKeyValueStore`), on `clock`.
   */
  store?: KeyValueStore;
  /**
   * How long a process waits after claiming the creation of a cache before it checks that its
   * claim held: longer than a store round trip. Default 50 ms.
   */
  claimSettleMs?: number;
}

export interface GeminiProviderSettings {
  /**
   * Default: the `GEMINI_API_KEY` environment variable, then `GOOGLE_API_KEY`. Without any,
   * `createGemini` throws an `authentication` error, unless `client` is given.
   */
  apiKey?: string;
  /** Where the API is: a proxy or a simulator. Default `https://generativelanguage.googleapis.com`. */
  baseURL?: string;
  /** The API version in the path (`v1`, `v1beta`); default the SDK's. */
  apiVersion?: string;
  /** Sent with every request. */
  headers?: Record<string, string>;
  /** The `fetch` the SDK calls, for proxies and tests. */
  fetch?: typeof fetch;
  /** Milliseconds a call waits for the response (on `clock`) before failing with `timeout`; default no limit. */
  timeoutMs?: number;
  /** An SDK client built elsewhere, used as it is: then give none of the connection settings above. */
  client?: GoogleGenAI;
  /** Prices for `costUsd`; default core's `defaultCatalog`. */
  catalog?: ModelCatalog;
  /** Times latency and the first token; default the system clock. */
  clock?: Clock;
  /** Makes the ids of tool calls (and of responses) that Gemini sends without one. */
  ids?: IdGenerator;
  /** Where the API key variables are read; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Explicit context caching for requests with a `promptCache` hint; see the README. */
  contextCache?: GeminiContextCacheSettings;
}

/** Gives a Gemini `LanguageModel` by model id: `createGemini()('gemini-2.5-flash')`. */
export interface GeminiProvider {
  (modelId: string): LanguageModel;
  languageModel(modelId: string): LanguageModel;
  /**
   * An embedding model, e.g. `embedding('gemini-embedding-001', { dimensions: 768 })`; requests
   * of more than 100 texts are split into several calls.
   */
  embedding(modelId: string, settings?: EmbeddingSettings): EmbeddingModel;
}

const factory = 'createGemini';

/** Core's `checkProviderSettings`, and what only Gemini's factory takes: an API version, caching. */
function checkSettings(settings: GeminiProviderSettings): void {
  // The timeout is this adapter's own (see `callDeadline`), so it goes with an injected client too.
  const connection = connectionSettings.filter((field) => field !== 'timeoutMs');
  checkProviderSettings(factory, settings, [...connection, 'apiVersion']);
  const { apiVersion, contextCache } = settings;
  if (apiVersion !== undefined && !/^v\d+\w*$/.test(apiVersion)) {
    throw invalidSetting(factory, 'apiVersion', 'a version like v1 or v1beta', apiVersion);
  }
  const { store, claimSettleMs } = contextCache ?? {};
  if (
    store !== undefined &&
    !['get', 'set', 'delete'].every(
      (method) => typeof (store as unknown as Record<string, unknown>)?.[method] === 'function',
    )
  ) {
    throw invalidSetting(
      factory,
      'contextCache.store',
      'a KeyValueStore (get, set, delete)',
      store,
    );
  }
  if (claimSettleMs !== undefined && !(Number.isFinite(claimSettleMs) && claimSettleMs >= 0)) {
    throw invalidSetting(
      factory,
      'contextCache.claimSettleMs',
      'a number of milliseconds >= 0',
      claimSettleMs,
    );
  }
}

/** The key an injected client holds (a private field of the SDK), to scrub it from errors. */
const keyOf = (client: GoogleGenAI): string | undefined => {
  const key: unknown = (client as unknown as { apiKey?: unknown }).apiKey;
  return typeof key === 'string' ? key : undefined;
};

/** The SDK client, its own retries off per call (see build-gemini-request.ts). */
function buildClient(settings: GeminiProviderSettings, apiKey: string): GoogleGenAI {
  const { baseURL, apiVersion, headers, fetch } = settings;
  return new GoogleGenAI({
    apiKey,
    vertexai: false,
    ...(apiVersion ? { apiVersion } : {}),
    httpOptions: {
      ...(baseURL ? { baseUrl: baseURL } : {}),
      ...(headers ? { headers } : {}),
      ...(fetch ? { fetch } : {}),
    },
  });
}

/**
 * The Gemini provider over the official `@google/genai` SDK. Settings are checked here, and
 * without an API key or a client it throws an `authentication` error at once.
 */
export function createGemini(settings: GeminiProviderSettings = {}): GeminiProvider {
  checkSettings(settings);
  const env = settings.env ?? process.env;
  let client = settings.client;
  const apiKey = client
    ? keyOf(client)
    : (settings.apiKey ?? (env.GEMINI_API_KEY || env.GOOGLE_API_KEY || undefined));
  if (!client && !apiKey) {
    throw missingApiKeyError(factory, 'gemini', ['GEMINI_API_KEY', 'GOOGLE_API_KEY']);
  }
  const getClient = (): GoogleGenAI => {
    if (client) return client;
    client = buildClient(settings, apiKey!);
    return client;
  };
  const catalog = settings.catalog ?? defaultCatalog;
  const clock = settings.clock ?? systemClock;
  const ids = settings.ids ?? randomId;
  const contextCache = createGeminiContextCache({
    client: getClient,
    store: settings.contextCache?.store ?? createMemoryKeyValueStore({ clock }),
    clock,
    scope: tenantDigest(apiKey ?? ''),
    claimSettleMs: settings.contextCache?.claimSettleMs ?? 50,
    apiKey,
  });

  const languageModel = (modelId: string): LanguageModel => {
    checkModelId(factory, modelId);
    return createGeminiLanguageModel({
      modelId,
      client: getClient,
      pricing: pricingFor(catalog, 'gemini', modelId),
      clock,
      ids,
      contextCache,
      apiKey,
      ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
    });
  };
  const embedding = (modelId: string, embeddingSettings?: EmbeddingSettings): EmbeddingModel => {
    checkModelId(factory, modelId);
    const size = embeddingDimensions(
      factory,
      catalog,
      { provider: 'gemini', modelId },
      embeddingSettings,
    );
    return createGeminiEmbeddingModel({
      modelId,
      client: getClient,
      pricing: pricingFor(catalog, 'gemini', modelId),
      clock,
      dimensions: size.dimensions,
      fixedDimensions: size.fixed,
      apiKey,
    });
  };
  return Object.assign(languageModel, { languageModel, embedding });
}
