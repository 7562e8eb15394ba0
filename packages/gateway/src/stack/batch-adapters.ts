import { anthropicBatch, type BatchAdapter, geminiBatch, openaiBatch } from '@llmux/batch';
import type { Clock } from '@llmux/core';
import type { ProviderName } from '../config/config-schema.js';
import type { ProviderEndpoint } from './provider-endpoints.js';

/** Each provider's batch API, at the endpoint (simulator or real API) its models use. */
export function batchAdapterOf(
  endpoint: ProviderEndpoint,
  clock: Clock,
  fetch?: typeof globalThis.fetch,
): BatchAdapter {
  const { apiKey, baseURL } = endpoint;
  const adapters: Record<ProviderName, () => BatchAdapter> = {
    anthropic: () => anthropicBatch({ apiKey, baseURL, clock, fetch }),
    openai: () => openaiBatch({ apiKey, baseURL, clock, fetch }),
    gemini: () => geminiBatch({ apiKey, baseURL, clock, fetch }),
  };
  return adapters[endpoint.provider]();
}
