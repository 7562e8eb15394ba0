import {
  type Clock,
  checkModelId,
  checkProviderSettings,
  connectionSettings,
  defaultCatalog,
  type EmbeddingModel,
  type EmbeddingSettings,
  embeddingDimensions,
  invalidSetting,
  type LanguageModel,
  type ModelCatalog,
  missingApiKeyError,
  systemClock,
  type TokenCounter,
} from '@llmux/core';
import OpenAI from 'openai';
import { createOpenAIChatLanguageModel } from './openai-chat-language-model.js';
import { createOpenAIEmbeddingModel } from './openai-embedding-model.js';

export interface OpenAIProviderSettings {
  /**
   * Defaults to the `OPENAI_API_KEY` environment variable. Without either, `createOpenAI` throws
   * an `authentication` error, unless `client` or `baseURL` is given: a `baseURL` without a key
   * is a keyless local server (vLLM, Ollama, LM Studio), sent no `Authorization` header.
   */
  apiKey?: string;
  /** An OpenAI-compatible endpoint, e.g. `http://localhost:8000/v1`; default OpenAI's own. */
  baseURL?: string;
  /** An SDK client to use as it is (an `AzureOpenAI`, a client with a proxy); excludes the
   * connection settings above and below. */
  client?: OpenAI;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  organization?: string;
  project?: string;
  /** The provider name on responses and in the catalog; set it for another vendor. Default `openai`. */
  name?: string;
  /** A `fetch` for the SDK to call through. */
  fetch?: typeof globalThis.fetch;
  /** Milliseconds the SDK waits for a response before failing with `timeout` (SDK default 10 minutes). */
  timeoutMs?: number;
  /** Models and prices; default core's. A model it has no price for costs 0, with a warning. */
  catalog?: ModelCatalog;
  /** For latency and rate-limit reset times; default the system clock. */
  clock?: Clock;
  /**
   * Whether a stream that ends without its usage chunk counts as broken. llmux always asks for
   * one (`stream_options.include_usage`); set false for a server that ignores the option.
   * Default true.
   */
  requireStreamUsage?: boolean;
  /** Where `OPENAI_API_KEY` is read; default `process.env`. */
  env?: Record<string, string | undefined>;
  /**
   * The exact input-token counter of a model, if any, which gives the model `countTokens`:
   * `openaiTokenizer` from `@llmux/tokenizer-tiktoken` (o200k_base, for GPT-4o and later). Without
   * one, the layers estimate (core's `estimateInputTokens`).
   */
  tokenizer?: (modelId: string) => Pick<TokenCounter, 'countRequestTokens'> | undefined;
}

export interface OpenAIProvider {
  /** A Chat Completions model, e.g. `createOpenAI()('gpt-5-mini')`. */
  (modelId: string): LanguageModel;
  languageModel(modelId: string): LanguageModel;
  /**
   * An Embeddings API model, e.g. `embedding('text-embedding-3-small', { dimensions: 768 })`;
   * requests of more than 2048 texts are split into several calls.
   */
  embedding(modelId: string, settings?: EmbeddingSettings): EmbeddingModel;
  readonly name: string;
}

const factory = 'createOpenAI';

/** What only OpenAI's factory takes, checked after core's `checkProviderSettings`. */
function validate(settings: OpenAIProviderSettings): void {
  checkProviderSettings(factory, settings, [...connectionSettings, 'organization', 'project']);
  for (const field of ['organization', 'project', 'name'] as const) {
    const value = settings[field];
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      throw invalidSetting(factory, field, 'a non-empty string', value);
    }
  }
  if (
    settings.client !== undefined &&
    typeof settings.client?.chat?.completions?.create !== 'function'
  ) {
    throw invalidSetting(factory, 'client', 'an OpenAI SDK client', settings.client);
  }
  if (settings.tokenizer !== undefined && typeof settings.tokenizer !== 'function') {
    throw invalidSetting(factory, 'tokenizer', 'a function of the model id', settings.tokenizer);
  }
}

/**
 * OpenAI, or any OpenAI-compatible endpoint, through the official `openai` SDK (Chat
 * Completions). Settings are checked at once, and a missing API key throws here (see `apiKey`).
 */
export function createOpenAI(settings: OpenAIProviderSettings = {}): OpenAIProvider {
  validate(settings);
  const {
    name = 'openai',
    catalog = defaultCatalog,
    clock = systemClock,
    requireStreamUsage = true,
    env = process.env,
  } = settings;
  const apiKey = settings.client
    ? undefined
    : (settings.apiKey ?? (env.OPENAI_API_KEY || undefined));
  if (!settings.client && !apiKey && settings.baseURL === undefined) {
    throw missingApiKeyError(factory, name, ['OPENAI_API_KEY']);
  }

  let client: OpenAI | undefined = settings.client;
  const getClient = (): OpenAI => {
    if (client) return client;
    client = new OpenAI({
      // The SDK insists on a key; a keyless server's calls go without the header instead.
      apiKey: apiKey ?? 'keyless',
      baseURL: settings.baseURL,
      organization: settings.organization,
      project: settings.project,
      defaultHeaders: apiKey ? settings.headers : { Authorization: null, ...settings.headers },
      fetch: settings.fetch,
      timeout: settings.timeoutMs,
      maxRetries: 0,
      logLevel: 'off',
    });
    return client;
  };

  const languageModel = (modelId: string): LanguageModel => {
    checkModelId(factory, modelId);
    const counter = settings.tokenizer?.(modelId);
    return createOpenAIChatLanguageModel(modelId, {
      provider: name,
      client: getClient,
      catalog,
      clock,
      requireStreamUsage,
      apiKey: apiKey ?? settings.client?.apiKey ?? undefined,
      ...(counter && { countTokens: (request) => counter.countRequestTokens(request) }),
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
    return createOpenAIEmbeddingModel(modelId, {
      provider: name,
      client: getClient,
      catalog,
      clock,
      dimensions: size.dimensions,
      fixedDimensions: size.fixed,
      apiKey: apiKey ?? settings.client?.apiKey ?? undefined,
    });
  };
  const provider = ((modelId: string) => languageModel(modelId)) as OpenAIProvider;
  // A function's own `name` is read-only, so it is redefined rather than assigned.
  Object.defineProperties(provider, {
    name: { value: name },
    languageModel: { value: languageModel },
    embedding: { value: embedding },
  });
  return provider;
}
