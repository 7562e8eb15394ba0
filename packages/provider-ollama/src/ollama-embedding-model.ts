import {
  type Clock,
  checkEmbedRequest,
  type EmbeddingModel,
  type EmbedRequest,
  embedInBatches,
  embedUsage,
  type ModelCatalog,
  startCallTimer,
  unsupportedSetting,
  type Warning,
} from '@llmux/core';
import { mapOllamaError } from './map-ollama-error.js';
import { type OllamaConnection, postJson } from './ollama-http.js';
import { ollamaPricing } from './ollama-pricing.js';
import type { OllamaEmbedResponse } from './ollama-wire.js';

/** Texts one `POST /api/embed` carries; larger requests are split, so no call runs for long. */
export const OLLAMA_MAX_EMBED_INPUTS = 256;

export interface OllamaEmbeddingConfig {
  provider: string;
  connection: OllamaConnection;
  catalog: ModelCatalog;
  clock: Clock;
  /** The size of the vectors: the model setting, else the catalog's. */
  dimensions: number;
  /** Whether `dimensions` was set for the model, and so is sent with every call. */
  fixedDimensions: boolean;
  apiKey?: string;
}

/**
 * An Ollama embedding model (`nomic-embed-text`, `mxbai-embed-large`, …) over `POST /api/embed`
 * as a core `EmbeddingModel`. Texts longer than the model's context fail
 * (`context_length_exceeded`) rather than be cut short: llmux sends `truncate: false`.
 */
export function createOllamaEmbeddingModel(
  modelId: string,
  config: OllamaEmbeddingConfig,
): EmbeddingModel {
  const { provider, clock } = config;
  const pricing = ollamaPricing(config.catalog, provider, modelId);
  const warningsOf = (request: EmbedRequest): Warning[] =>
    request.inputType === undefined
      ? []
      : [unsupportedSetting('inputType', 'Ollama embeds queries and documents alike')];

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
          { maxPerCall: OLLAMA_MAX_EMBED_INPUTS, provider, model: modelId, dimensions },
          async (input) => {
            const data = await postJson<OllamaEmbedResponse>(
              config.connection,
              '/api/embed',
              {
                model: modelId,
                input,
                truncate: false,
                ...(dimensions !== undefined && { dimensions }),
              },
              request.signal,
            );
            return { embeddings: data.embeddings ?? [], inputTokens: data.prompt_eval_count };
          },
        );
        return {
          provider,
          model: modelId,
          embeddings: answer.embeddings,
          usage: { inputTokens: answer.inputTokens },
          costUsd: pricing.costOf(embedUsage(answer.inputTokens)),
          ...timer.timing(),
          warnings: [...warningsOf(request), ...answer.warnings],
          trace: { attempts: [] },
        };
      } catch (error) {
        throw mapOllamaError(error, {
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
