import {
  type Clock,
  type GenerateRequest,
  type GenerateResponse,
  guardStream,
  type LanguageModel,
  type ModelCatalog,
  pricingFor,
  type StreamEvent,
  startCallTimer,
} from '@llmux/core';
import type OpenAI from 'openai';
import { buildOpenAIChatRequest } from './build-openai-chat-request.js';
import { mapOpenAIChatResponse } from './map-openai-chat-response.js';
import { mapOpenAIChatStream } from './map-openai-chat-stream.js';
import { mapOpenAIError } from './map-openai-error.js';
import { readOpenAIRateLimits } from './read-openai-rate-limits.js';

export interface OpenAIChatConfig {
  /** The provider name responses carry and prices are looked up under. */
  provider: string;
  /** The SDK client, made on first use. */
  client: () => OpenAI;
  catalog: ModelCatalog;
  clock: Clock;
  /** Whether a stream must end with its usage chunk to count as complete. */
  requireStreamUsage: boolean;
  /** Exact input tokens, where a tokenizer for the model is known. */
  countTokens?: (request: GenerateRequest) => Promise<number>;
  /** Scrubbed from error messages. */
  apiKey?: string;
}

/** A Chat Completions model as a core `LanguageModel`. */
export function createOpenAIChatLanguageModel(
  modelId: string,
  config: OpenAIChatConfig,
): LanguageModel {
  const { provider, clock, catalog } = config;
  const pricing = pricingFor(catalog, provider, modelId);

  const prepare = (request: GenerateRequest) => {
    const { body, warnings } = buildOpenAIChatRequest(request, {
      modelId,
      supportsJsonSchema: catalog.get(provider, modelId)?.capabilities.jsonSchema ?? true,
    });
    return { body, warnings: pricing.warning ? [...warnings, pricing.warning] : warnings };
  };
  // `request` may be anything a caller passed: its refusal must still map cleanly.
  const mapError = (request: GenerateRequest) => (error: unknown) =>
    mapOpenAIError(error, {
      provider,
      model: modelId,
      signal: request?.signal,
      now: clock.now(),
      apiKey: config.apiKey,
    });
  // llmux's failover owns retries, so the SDK makes one attempt, whatever client was injected.
  const requestOptions = (request: GenerateRequest) => ({
    maxRetries: 0,
    ...(request.signal ? { signal: request.signal } : {}),
  });

  async function generate(request: GenerateRequest): Promise<GenerateResponse> {
    const timer = startCallTimer(clock);
    try {
      const { body, warnings } = prepare(request);
      const { data, response } = await config
        .client()
        .chat.completions.create({ ...body, stream: false }, requestOptions(request))
        .withResponse();
      const mapped = mapOpenAIChatResponse(data);
      const rateLimits = readOpenAIRateLimits(response.headers, clock.now());
      return {
        id: mapped.id,
        provider,
        model: mapped.model || modelId,
        content: mapped.content,
        ...(mapped.logprobs ? { logprobs: mapped.logprobs } : {}),
        finishReason: mapped.finishReason,
        usage: mapped.usage,
        costUsd: pricing.costOf(mapped.usage),
        ...timer.timing(),
        warnings,
        ...(rateLimits ? { rateLimits } : {}),
        trace: { attempts: [] },
        providerMetadata: { openai: mapped.providerMetadata },
      };
    } catch (error) {
      throw mapError(request)(error);
    }
  }

  async function* events(request: GenerateRequest): AsyncGenerator<StreamEvent> {
    const timer = startCallTimer(clock);
    const { body, warnings } = prepare(request);
    const { data, response } = await config
      .client()
      .chat.completions.create(
        { ...body, stream: true, stream_options: { include_usage: true } },
        requestOptions(request),
      )
      .withResponse();
    yield* mapOpenAIChatStream(data, {
      provider,
      modelId,
      warnings,
      rateLimits: readOpenAIRateLimits(response.headers, clock.now()),
      timer,
      requireUsage: config.requireStreamUsage,
      costOf: pricing.costOf,
    });
  }

  return {
    provider,
    modelId,
    generate,
    stream: (request) =>
      guardStream(events(request), {
        provider,
        model: modelId,
        signal: request?.signal,
        mapError: mapError(request),
      }),
    ...(config.countTokens ? { countTokens: config.countTokens } : {}),
  };
}
