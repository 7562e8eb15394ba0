import type { RequestSettings } from '@llmux/core';
import type { Attributes } from '@opentelemetry/api';

/**
 * Names of the OpenTelemetry GenAI semantic conventions (semantic-conventions-genai, as of
 * `@opentelemetry/semantic-conventions` 1.45), shared by the spans and the metrics.
 */

/** `gen_ai.provider.name` values: the conventions' own where they name the provider. */
const providerNames: Record<string, string> = { gemini: 'gcp.gemini' };
export const providerName = (provider: string) => providerNames[provider] ?? provider;

export const operationName = (operation: 'generate' | 'embed' | undefined) =>
  operation === 'embed' ? 'embeddings' : 'chat';

/** Where a provider call went: `server.address` and `server.port` of its base URL. */
export function serverAttributes(baseURL: string | undefined): Attributes {
  if (baseURL === undefined) return {};
  try {
    const url = new URL(baseURL);
    const port = url.port === '' ? (url.protocol === 'http:' ? 80 : 443) : Number(url.port);
    return { 'server.address': url.hostname, 'server.port': port };
  } catch {
    return {};
  }
}

/** The request's sampling settings as `gen_ai.request.*`. */
export function settingsAttributes(settings: RequestSettings | undefined): Attributes {
  if (!settings) return {};
  const named: Attributes = {
    'gen_ai.request.max_tokens': settings.maxOutputTokens,
    'gen_ai.request.temperature': settings.temperature,
    'gen_ai.request.top_p': settings.topP,
    'gen_ai.request.top_k': settings.topK,
    'gen_ai.request.stop_sequences': settings.stopSequences,
    'gen_ai.request.seed': settings.seed,
    'gen_ai.request.frequency_penalty': settings.frequencyPenalty,
    'gen_ai.request.presence_penalty': settings.presencePenalty,
  };
  return Object.fromEntries(Object.entries(named).filter(([, value]) => value !== undefined));
}

/** The attempt a provider call made, and where it went. */
export interface CalledModel {
  provider: string;
  model: string;
  deployment?: string;
}

/** The base URL a provider call went to (the gateway knows its endpoints and deployments). */
export type ServerOf = (called: CalledModel) => string | undefined;
