import { GoogleGenAI } from '@google/genai';
import {
  type Clock,
  checkModelId,
  checkProviderSettings,
  connectionSettings,
  defaultCatalog,
  type IdGenerator,
  invalidSetting,
  type LanguageModel,
  type ModelCatalog,
  missingApiKeyError,
  pricingFor,
  randomId,
  systemClock,
} from '@llmux/core';
import { createGeminiLanguageModel } from './gemini-language-model.js';

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

const factory = 'createGemini';

/** Core's `checkProviderSettings`, and the API version only Gemini's factory takes. */
function checkSettings(settings: GeminiProviderSettings): void {
  checkProviderSettings(factory, settings, [...connectionSettings, 'apiVersion']);
  const { apiVersion } = settings;
  if (apiVersion !== undefined && !/^v\d+\w*$/.test(apiVersion)) {
    throw invalidSetting(factory, 'apiVersion', 'a version like v1 or v1beta', apiVersion);
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
 * The Gemini provider over the official `@google/genai` SDK. Settings are checked here; a missing
 * API key fails each call with `authentication` (so a router can pass over the provider), not
 * this factory.
 */
export function createGemini(settings: GeminiProviderSettings = {}): GeminiProvider {
  checkSettings(settings);
  const env = settings.env ?? process.env;
  let client = settings.client;
  const apiKey = client
    ? keyOf(client)
    : (settings.apiKey ?? (env.GEMINI_API_KEY || env.GOOGLE_API_KEY || undefined));
  const getClient = (): GoogleGenAI => {
    if (client) return client;
    if (!apiKey) throw missingApiKeyError(factory, 'gemini', ['GEMINI_API_KEY', 'GOOGLE_API_KEY']);
    client = buildClient(settings, apiKey);
    return client;
  };
  const catalog = settings.catalog ?? defaultCatalog;
  const clock = settings.clock ?? systemClock;
  const ids = settings.ids ?? randomId;

  const languageModel = (modelId: string): LanguageModel => {
    checkModelId(factory, modelId);
    return createGeminiLanguageModel({
      modelId,
      client: getClient,
      pricing: pricingFor(catalog, 'gemini', modelId),
      clock,
      ids,
      apiKey,
    });
  };
  return Object.assign(languageModel, { languageModel });
}
