import type { Clock, LanguageModel } from '@llmux/core';
import { createClaude } from '@llmux/provider-claude';
import { createGemini } from '@llmux/provider-gemini';
import { createOpenAI } from '@llmux/provider-openai';
import { openaiTokenizer } from '@llmux/tokenizer-tiktoken';
import type { ProviderName } from '../config/config-schema.js';
import type { ProviderEndpoint } from './provider-endpoints.js';

export type ModelFactory = (modelId: string) => LanguageModel;

/**
 * The adapter of one provider, pointed at its endpoint. The SDKs' own retries are off and their
 * timeouts left alone: failover owns retrying and times every attempt.
 */
export function providerFactory(
  endpoint: ProviderEndpoint,
  clock: Clock,
  fetch?: typeof globalThis.fetch,
): ModelFactory {
  const { apiKey, baseURL } = endpoint;
  const factories: Record<ProviderName, () => ModelFactory> = {
    anthropic: () => createClaude({ apiKey, baseURL, clock, fetch }),
    openai: () => createOpenAI({ apiKey, baseURL, clock, fetch, tokenizer: openaiTokenizer }),
    gemini: () => createGemini({ apiKey, baseURL, clock, fetch }),
  };
  return factories[endpoint.provider]();
}
