import {
  type Clock,
  checkEmbedRequest,
  type EmbeddingModel,
  type EmbedRequest,
  embedInBatches,
  embedUsage,
  type ModelCatalog,
  pricingFor,
  startCallTimer,
  unsupportedSetting,
  type Warning,
} from '@llmux/core';
import type OpenAI from 'openai';
import { mapOpenAIError } from './map-openai-error.js';
import { readOpenAIRateLimits } from './read-openai-rate-limits.js';

/** Texts one `POST /v1/embeddings` takes; larger requests are split. */
export const OPENAI_MAX_EMBED_INPUTS = 2048;

export interface OpenAIEmbeddingConfig {
  provider: string;
  client: () => OpenAI;
  catalog: ModelCatalog;
  clock: Clock;
  /** The size of the vectors: the model setting, else the catalog's. */
  dimensions: number;
  /** Whether `dimensions` was set for the model, and so is sent with every call. */
  fixedDimensions: boolean;
  /** Scrubbed from error messages. */
  apiKey?: string;
}

/** An OpenAI embedding model (`text-embedding-3-small`, ...) as a core `EmbeddingModel`. */
export function createOpenAIEmbeddingModel(
  modelId: string,
  config: OpenAIEmbeddingConfig,
): EmbeddingModel {
  const { provider, clock } = config;
  const pricing = pricingFor(config.catalog, provider, modelId);

  const warningsOf = (request: EmbedRequest): Warning[] => [
    ...(request.inputType === undefined
      ? []
      : [unsupportedSetting('inputType', 'OpenAI embeds queries and documents alike')]),
    ...(pricing.warning ? [pricing.warning] : []),
  ];

  return {
    provider,
    modelId,
    dimensions: config.dimensions,
    async embed(request) {
      const timer = startCallTimer(clock);
      try {
        checkEmbedRequest(request, provider);
        const dimensions =
          request.dimensions ?? (config.fixedDimensions ? config.dimensions : undefined);
        const answer = await embedInBatches(
          request.inputs,
          { maxPerCall: OPENAI_MAX_EMBED_INPUTS, provider, model: modelId, dimensions },
          async (input) => {
            const { data, response } = await config
              .client()
              .embeddings.create(
                {
                  model: modelId,
                  input,
                  encoding_format: 'float',
                  ...(dimensions !== undefined && { dimensions }),
                },
                { maxRetries: 0, ...(request.signal && { signal: request.signal }) },
              )
              .withResponse();
            return {
              // `index` says which input each vector is for.
              embeddings: [...data.data].sort((a, b) => a.index - b.index).map((d) => d.embedding),
              inputTokens: data.usage?.prompt_tokens,
              rateLimits: readOpenAIRateLimits(response.headers, clock.now()),
            };
          },
        );
        const { inputTokens } = answer;
        return {
          provider,
          model: modelId,
          embeddings: answer.embeddings,
          usage: { inputTokens },
          costUsd: pricing.costOf(embedUsage(inputTokens)),
          ...timer.timing(),
          warnings: [...warningsOf(request), ...answer.warnings],
          ...(answer.rateLimits && { rateLimits: answer.rateLimits }),
          trace: { attempts: [] },
        };
      } catch (error) {
        throw mapOpenAIError(error, {
          provider,
          model: modelId,
          signal: request?.signal,
          now: clock.now(),
          apiKey: config.apiKey,
        });
      }
    },
  };
}
