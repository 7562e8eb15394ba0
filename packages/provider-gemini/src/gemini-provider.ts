import { GoogleGenAI } from '@google/genai';
import {
  type Clock,
  defaultCatalog,
  type IdGenerator,
  type LanguageModel,
  LlmuxError,
  type ModelCatalog,
  randomId,
  systemClock,
} from '@llmux/core';
import { createGeminiLanguageModel } from './gemini-language-model.js';
import { geminiPricing } from './gemini-pricing.js';

export interface GeminiProviderSettings {
  /** Default: the `GEMINI_API_KEY` environment variable, then `GOOGLE_API_KEY`. */
  apiKey?: string;
  /** Where the API is: a proxy or a simulator. Default `https://generativelanguage.googleapis.com`. */
  baseURL?: string;
  /** The API version in the path (`v1`, `v1beta`); default the SDK's. */
  apiVersion?: string;
  /** Sent with every request. */
  headers?: Record<string, string>;
  /** The `fetch` the SDK calls, for proxies and tests. */
  fetch?: typeof fetch;
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
}

/** Gives a Gemini `LanguageModel` by model id: `createGemini()('gemini-2.5-flash')`. */
export interface GeminiProvider {
  (modelId: string): LanguageModel;
  languageModel(modelId: string): LanguageModel;
}

const invalid = (message: string) => new LlmuxError({ kind: 'invalid_request', message });

const connectionSettings = ['apiKey', 'baseURL', 'apiVersion', 'headers', 'fetch'] as const;

function checkSettings(settings: GeminiProviderSettings): void {
  if (typeof settings !== 'object' || settings === null) {
    throw invalid('createGemini settings must be an object');
  }
  const { apiKey, baseURL, apiVersion, headers } = settings;
  if (apiKey !== undefined && (typeof apiKey !== 'string' || apiKey === '')) {
    throw invalid('createGemini "apiKey" must be a non-empty string');
  }
  if (baseURL !== undefined && !URL.canParse(baseURL)) {
    throw invalid(`createGemini "baseURL" must be an absolute URL, got ${JSON.stringify(baseURL)}`);
  }
  if (apiVersion !== undefined && !/^v\d+\w*$/.test(apiVersion)) {
    throw invalid(
      `createGemini "apiVersion" must look like v1 or v1beta, got ${JSON.stringify(apiVersion)}`,
    );
  }
  if (
    headers !== undefined &&
    (typeof headers !== 'object' ||
      headers === null ||
      !Object.values(headers).every((value) => typeof value === 'string'))
  ) {
    throw invalid('createGemini "headers" must be an object of strings');
  }
  if (settings.fetch !== undefined && typeof settings.fetch !== 'function') {
    throw invalid('createGemini "fetch" must be a function');
  }
  if (settings.client !== undefined) {
    const clashing = connectionSettings.filter((name) => settings[name] !== undefined);
    if (clashing.length > 0) {
      throw invalid(
        `createGemini "client" comes with its own connection; drop ${clashing.map((n) => `"${n}"`).join(', ')}`,
      );
    }
  }
}

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
 * The Gemini provider over the official `@google/genai` SDK. Settings are checked here; a missing
 * API key fails each call with `authentication` (so a router can pass over the provider), not
 * this factory.
 */
export function createGemini(settings: GeminiProviderSettings = {}): GeminiProvider {
  checkSettings(settings);
  const env = settings.env ?? process.env;
  const apiKey = settings.apiKey ?? (env.GEMINI_API_KEY || env.GOOGLE_API_KEY || undefined);
  let client = settings.client;
  const getClient = (): GoogleGenAI => {
    if (client) return client;
    if (!apiKey) {
      throw new LlmuxError({
        kind: 'authentication',
        message:
          'No Gemini API key: pass createGemini({ apiKey }) or set GEMINI_API_KEY (or GOOGLE_API_KEY)',
        provider: 'gemini',
      });
    }
    client = buildClient(settings, apiKey);
    return client;
  };
  const catalog = settings.catalog ?? defaultCatalog;
  const clock = settings.clock ?? systemClock;
  const ids = settings.ids ?? randomId;

  const languageModel = (modelId: string): LanguageModel => {
    if (typeof modelId !== 'string' || modelId.trim() === '') {
      throw invalid('A Gemini model id must be a non-empty string, such as "gemini-2.5-flash"');
    }
    return createGeminiLanguageModel({
      modelId,
      client: getClient,
      pricing: geminiPricing(catalog, modelId),
      clock,
      ids,
      apiKey,
    });
  };
  return Object.assign(languageModel, { languageModel });
}
