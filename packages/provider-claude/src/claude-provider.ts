import Anthropic from '@anthropic-ai/sdk';
import {
  type Clock,
  defaultCatalog,
  LlmuxError,
  type ModelCatalog,
  systemClock,
} from '@llmux/core';
import { ClaudeLanguageModel } from './claude-language-model.js';

export interface ClaudeProviderOptions {
  /** Default: the `ANTHROPIC_API_KEY` environment variable. Not needed with `client`. */
  apiKey?: string;
  /** Where the API is, e.g. a simulator or a proxy; default the SDK's (`https://api.anthropic.com`). */
  baseURL?: string;
  /** Headers sent with every call. */
  headers?: Record<string, string>;
  /** An SDK client to use as is (its retries should be off: failover owns retrying). */
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

/** Makes Claude models by id: `createClaude()('claude-haiku-4-5')`. */
export interface ClaudeProvider {
  (modelId: string): ClaudeLanguageModel;
  languageModel(modelId: string): ClaudeLanguageModel;
  /** The SDK client the models share. */
  readonly client: Anthropic;
}

const invalid = (field: string, problem: string) =>
  new LlmuxError({
    kind: 'invalid_request',
    message: `createClaude option "${field}" ${problem}`,
    provider: 'anthropic',
  });

function checkOptions(options: ClaudeProviderOptions): void {
  const { timeoutMs, defaultMaxOutputTokens, baseURL } = options;
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw invalid('timeoutMs', `must be a positive number of milliseconds, got ${timeoutMs}`);
  }
  if (
    defaultMaxOutputTokens !== undefined &&
    !(Number.isInteger(defaultMaxOutputTokens) && defaultMaxOutputTokens > 0)
  ) {
    throw invalid(
      'defaultMaxOutputTokens',
      `must be a positive integer, got ${defaultMaxOutputTokens}`,
    );
  }
  if (baseURL !== undefined && !URL.canParse(baseURL)) {
    throw invalid('baseURL', `must be an absolute URL, got "${baseURL}"`);
  }
}

/**
 * The Claude provider: a factory of `LanguageModel`s over one `@anthropic-ai/sdk` client with
 * its retries off. Throws an `authentication` error when there is no API key and no client.
 */
export function createClaude(options: ClaudeProviderOptions = {}): ClaudeProvider {
  checkOptions(options);
  let client = options.client;
  if (!client) {
    const apiKey = options.apiKey ?? process.env.ANTHROPIC_API_KEY;
    if (!apiKey) {
      throw new LlmuxError({
        kind: 'authentication',
        message: 'createClaude needs an API key: pass "apiKey" or set ANTHROPIC_API_KEY',
        provider: 'anthropic',
      });
    }
    client = new Anthropic({
      apiKey,
      baseURL: options.baseURL,
      defaultHeaders: options.headers,
      maxRetries: 0,
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
  const languageModel = (modelId: string) => {
    if (typeof modelId !== 'string' || modelId.trim() === '') {
      throw invalid('modelId', 'must be a non-empty string');
    }
    return new ClaudeLanguageModel(modelId, config);
  };
  return Object.assign(languageModel, { languageModel, client });
}
