import type { GoogleGenAI } from '@google/genai';
import {
  type Clock,
  checkEmbedRequest,
  type EmbeddingModel,
  type EmbedInputType,
  embedInBatches,
  embedUsage,
  type Pricing,
  raceAbort,
  startCallTimer,
} from '@llmux/core';
import { mapGeminiError } from './map-gemini-error.js';

/** Texts one `batchEmbedContents` call takes (the API refuses more); larger requests are split. */
export const GEMINI_MAX_EMBED_INPUTS = 100;

export interface GeminiEmbeddingConfig {
  modelId: string;
  client: () => GoogleGenAI;
  pricing: Pricing;
  clock: Clock;
  /** The size of the vectors: the model setting, else the catalog's. */
  dimensions: number;
  /** Whether `dimensions` was set for the model, and so is sent with every call. */
  fixedDimensions: boolean;
  /** Only to scrub it from error messages. */
  apiKey?: string;
}

const PROVIDER = 'gemini';

/** Gemini embeds a search query and the documents it searches differently. */
const taskTypes: Record<EmbedInputType, string> = {
  query: 'RETRIEVAL_QUERY',
  document: 'RETRIEVAL_DOCUMENT',
};

/** A Gemini embedding model over `@google/genai` (`models.embedContent`, `batchEmbedContents`). */
export function createGeminiEmbeddingModel(config: GeminiEmbeddingConfig): EmbeddingModel {
  const { modelId, clock, pricing } = config;
  return {
    provider: PROVIDER,
    modelId,
    dimensions: config.dimensions,
    async embed(request) {
      const timer = startCallTimer(clock);
      const signal = request?.signal;
      try {
        checkEmbedRequest(request, PROVIDER);
        const dimensions =
          request.dimensions ?? (config.fixedDimensions ? config.dimensions : undefined);
        const taskType = request.inputType && taskTypes[request.inputType];
        const answer = await embedInBatches(
          request.inputs,
          { maxPerCall: GEMINI_MAX_EMBED_INPUTS, provider: PROVIDER, model: modelId, dimensions },
          async (contents) => {
            const response = await raceAbort(
              config.client().models.embedContent({
                model: modelId,
                contents,
                config: {
                  ...(dimensions !== undefined && { outputDimensionality: dimensions }),
                  ...(taskType && { taskType }),
                  abortSignal: signal,
                  // Failover owns retrying: the SDK makes one attempt.
                  httpOptions: { retryOptions: { attempts: 1 } },
                },
              }),
              signal,
            );
            return {
              embeddings: (response.embeddings ?? []).map((embedding) => embedding.values ?? []),
              inputTokens: response.usageMetadata?.promptTokenCount,
            };
          },
        );
        const { inputTokens } = answer;
        return {
          provider: PROVIDER,
          model: modelId,
          embeddings: answer.embeddings,
          usage: { inputTokens },
          costUsd: pricing.costOf(embedUsage(inputTokens)),
          ...timer.timing(),
          warnings: [...(pricing.warning ? [pricing.warning] : []), ...answer.warnings],
          trace: { attempts: [] },
        };
      } catch (error) {
        throw mapGeminiError(error, {
          provider: PROVIDER,
          model: modelId,
          signal,
          apiKey: config.apiKey,
        });
      }
    },
  };
}
