import Anthropic from '@anthropic-ai/sdk';
import {
  type Clock,
  checkModelId,
  checkProviderSettings,
  defaultCatalog,
  invalidSetting,
  type ModelCatalog,
  missingApiKeyError,
  systemClock,
} from '@llmux/core';
import { ClaudeLanguageModel } from './claude-language-model.js';
import { noEmbeddings } from './no-embeddings.js';

export interface ClaudeProviderOptions {
  /** Default: the `ANTHROPIC_API_KEY` environment variable. Not needed with `client`. */
  apiKey?: string;
  /** Where the API is, e.g. a simulator or a proxy; default the SDK's (`https://api.anthropic.com`). */
  baseURL?: string;
  /** Headers sent with every call. */
  headers?: Record<string, string>;
  /**
   * An SDK client to use as is; it excludes `apiKey`, `baseURL`, `headers`, `timeoutMs` and
   * `fetch`, which belong on the client. Its calls still make one attempt each.
   */
  client?: Anthropic;
  /** Milliseconds before the SDK gives up on a call (a `timeout` error); default the SDK's 10 minutes. */
  timeoutMs?: number;
  /** A `fetch` for the SDK to use. */
  fetch?: typeof globalThis.fetch;
  /** Prices for `costUsd`; default core's `defaultCatalog`. */
  catalog?: ModelCatalog;
  /** Measures latency and time to first token; default the system clock. */
  clock?: Clock;
  /** `max_tokens` when a request sets no `maxOutputTokens` (Anthropic requires one); default 4096. */
  defaultMaxOutputTokens?: number;
}

/** Settings of one model of a provider. */
export interface ClaudeModelSettings {
  /**
   * What the API calls the model, where it differs from the catalog's id: Bedrock's
   * `us.anthropic.claude-sonnet-4-6-v1:0`, Vertex's `claude-sonnet-4-6@20260101`. Prices and the
   * response's `model` stay the catalog id's.
   */
  apiModelId?: string;
}

/** Makes Claude models by id: `createClaude()('claude-haiku-4-5')`. */
export interface ClaudeProvider {
  (modelId: string, settings?: ClaudeModelSettings): ClaudeLanguageModel;
  languageModel(modelId: string, settings?: ClaudeModelSettings): ClaudeLanguageModel;
  /**
   * Anthropic has no embeddings API: always throws an `invalid_request` `LlmuxError` saying so
   * (use the OpenAI or Gemini provider's `embedding`).
   */
  embedding(modelId: string): never;
  /** The SDK client the models share. */
  readonly client: Anthropic;
}

const factory = 'createClaude';

/**
 * Core's `checkProviderSettings`, and what only Claude takes (`defaultMaxOutputTokens`), named
 * after the factory that was given them: `createClaude`, or another over the same settings.
 */
export function checkClaudeOptions(
  options: Pick<ClaudeProviderOptions, 'defaultMaxOutputTokens'>,
  name = factory,
): void {
  checkProviderSettings(name, options);
  const { defaultMaxOutputTokens } = options;
  if (
    defaultMaxOutputTokens !== undefined &&
    !(Number.isInteger(defaultMaxOutputTokens) && defaultMaxOutputTokens > 0)
  ) {
    throw invalidSetting(
      name,
      'defaultMaxOutputTokens',
      'a positive integer',
      defaultMaxOutputTokens,
    );
  }
}

/**
 * The Claude provider: a factory of `LanguageModel`s over one `@anthropic-ai/sdk` client with
 * its retries off. Throws an `authentication` error when there is no API key and no client.
 */
export function createClaude(options: ClaudeProviderOptions = {}): ClaudeProvider {
  checkClaudeOptions(options);
  let client = options.client;
  if (!client) {
    const apiKey = options.apiKey ?? process.env.ANTHROPIC_API_KEY;
    if (!apiKey) throw missingApiKeyError(factory, 'anthropic', ['ANTHROPIC_API_KEY']);
    client = new Anthropic({
      apiKey,
      baseURL: options.baseURL,
      defaultHeaders: options.headers,
      maxRetries: 0,
      // A library never prints (nor does ANTHROPIC_LOG make it): what matters is in its errors.
      logLevel: 'off',
      ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }
  const config = {
    client,
    catalog: options.catalog ?? defaultCatalog,
    clock: options.clock ?? systemClock,
    defaultMaxOutputTokens: options.defaultMaxOutputTokens ?? 4096,
  };
  const languageModel = (modelId: string, settings: ClaudeModelSettings = {}) => {
    checkModelId(factory, modelId);
    const { apiModelId } = settings;
    if (apiModelId !== undefined && (typeof apiModelId !== 'string' || apiModelId.trim() === '')) {
      throw invalidSetting(factory, 'apiModelId', 'a non-empty string', apiModelId);
    }
    return new ClaudeLanguageModel(modelId, config, apiModelId);
  };
  return Object.assign(languageModel, { languageModel, embedding: noEmbeddings, client });
}
