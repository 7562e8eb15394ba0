import {
  type Clock,
  checkModelId,
  checkProviderSettings,
  defaultCatalog,
  type EmbeddingModel,
  type EmbeddingSettings,
  embeddingDimensions,
  type IdGenerator,
  invalidSetting,
  type LanguageModel,
  type ModelCatalog,
  randomId,
  systemClock,
} from '@llmux/core';
import { createOllamaEmbeddingModel } from './ollama-embedding-model.js';
import type { OllamaConnection } from './ollama-http.js';
import { createOllamaLanguageModel } from './ollama-language-model.js';

export interface OllamaProviderSettings {
  /**
   * The Ollama server, e.g. `http://gpu-box:11434` or `https://ollama.com` (Ollama's cloud).
   * Default: `OLLAMA_HOST` (a bare `host:port` is read as http), else `http://127.0.0.1:11434`.
   */
  baseURL?: string;
  /**
   * Sent as `Authorization: Bearer …`, for Ollama's cloud or a server behind an authenticating
   * proxy. Default `OLLAMA_API_KEY`; a local server needs none.
   */
  apiKey?: string;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** A `fetch` to call through (a proxy, a test double). */
  fetch?: typeof globalThis.fetch;
  /**
   * Milliseconds a call may take before it fails with `timeout`; none by default (a local model
   * loading from disk can take a while: set a deadline on the request, or here).
   */
  timeoutMs?: number;
  /** The provider name on responses and in the catalog. Default `ollama`. */
  name?: string;
  /** Models and prices; default core's. A model it does not list costs 0, without a warning. */
  catalog?: ModelCatalog;
  /** For latency; default the system clock. */
  clock?: Clock;
  /** Makes response and tool-call ids, which Ollama does not send; default random UUIDs. */
  newId?: IdGenerator;
  /** Where `OLLAMA_HOST` and `OLLAMA_API_KEY` are read; default `process.env`. */
  env?: Record<string, string | undefined>;
}

export interface OllamaProvider {
  /** A chat model, e.g. `createOllama()('llama3.2')`. */
  (modelId: string): LanguageModel;
  languageModel(modelId: string): LanguageModel;
  /**
   * An embedding model over `/api/embed`, e.g. `embedding('nomic-embed-text')`; give
   * `dimensions` for a model the catalog does not list.
   */
  embedding(modelId: string, settings?: EmbeddingSettings): EmbeddingModel;
  readonly name: string;
}

const factory = 'createOllama';
const DEFAULT_BASE_URL = 'http://127.0.0.1:11434';

/** `OLLAMA_HOST` as a URL: the server's own setting may be a bare `host:port` or `0.0.0.0`. */
function hostFromEnv(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const url = /^https?:\/\//.test(host) ? host : `http://${host}`;
  if (!URL.canParse(url)) throw invalidSetting(factory, 'OLLAMA_HOST', 'a host or URL', host);
  const parsed = new URL(url);
  if (!parsed.port && !/^https?:\/\//.test(host)) parsed.port = '11434';
  return parsed.origin + parsed.pathname;
}

function validate(settings: OllamaProviderSettings): void {
  checkProviderSettings(factory, settings);
  const { name } = settings;
  if (name !== undefined && (typeof name !== 'string' || name === '')) {
    throw invalidSetting(factory, 'name', 'a non-empty string', name);
  }
  if (settings.newId !== undefined && typeof settings.newId !== 'function') {
    throw invalidSetting(factory, 'newId', 'a function', settings.newId);
  }
}

/**
 * Local (or cloud) models through Ollama's native API: `/api/chat`, streamed as NDJSON, and
 * `/api/embed`, over `fetch`. Settings are checked at once.
 */
export function createOllama(settings: OllamaProviderSettings = {}): OllamaProvider {
  validate(settings);
  const {
    name = 'ollama',
    catalog = defaultCatalog,
    clock = systemClock,
    newId = randomId,
    env = process.env,
  } = settings;
  const apiKey = settings.apiKey ?? (env.OLLAMA_API_KEY || undefined);
  const baseURL = (settings.baseURL ?? hostFromEnv(env.OLLAMA_HOST) ?? DEFAULT_BASE_URL).replace(
    /\/+$/,
    '',
  );
  const connection: OllamaConnection = {
    baseURL,
    headers: {
      ...settings.headers,
      ...(apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` }),
    },
    fetch: settings.fetch ?? globalThis.fetch,
    ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
  };

  const languageModel = (modelId: string): LanguageModel => {
    checkModelId(factory, modelId);
    return createOllamaLanguageModel(modelId, {
      provider: name,
      connection,
      catalog,
      clock,
      newId,
      apiKey,
    });
  };
  const embedding = (modelId: string, embeddingSettings?: EmbeddingSettings): EmbeddingModel => {
    checkModelId(factory, modelId);
    const size = embeddingDimensions(
      factory,
      catalog,
      { provider: name, modelId },
      embeddingSettings,
    );
    return createOllamaEmbeddingModel(modelId, {
      provider: name,
      connection,
      catalog,
      clock,
      dimensions: size.dimensions,
      fixedDimensions: size.fixed,
      apiKey,
    });
  };
  const provider = ((modelId: string) => languageModel(modelId)) as OllamaProvider;
  // A function's own `name` is read-only, so it is redefined rather than assigned.
  Object.defineProperties(provider, {
    name: { value: name },
    languageModel: { value: languageModel },
    embedding: { value: embedding },
  });
  return provider;
}
