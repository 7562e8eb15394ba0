import type { ContentListUnion, GoogleGenAI } from '@google/genai';
import {
  type Clock,
  type GenerateRequest,
  type GenerateResponse,
  type IdGenerator,
  type LanguageModel,
  StreamAccumulator,
  type StreamEvent,
} from '@llmux/core';
import { abortableIterate, raceAbort } from './abortable.js';
import { buildGeminiRequest } from './build-gemini-request.js';
import type { GeminiPricing } from './gemini-pricing.js';
import { createGeminiStreamMapper } from './gemini-stream-mapper.js';
import { mapGeminiError } from './map-gemini-error.js';

export interface GeminiLanguageModelConfig {
  modelId: string;
  /** The SDK client; throws an `authentication` LlmuxError when there is no key to build it. */
  client: () => GoogleGenAI;
  pricing: GeminiPricing;
  clock: Clock;
  ids: IdGenerator;
  /** Only to scrub it from error messages. */
  apiKey?: string;
}

const PROVIDER = 'gemini';

/** `models/…` as the REST API names models inside a request body. */
const resourceName = (modelId: string) => (modelId.includes('/') ? modelId : `models/${modelId}`);

/** A Gemini model over `@google/genai`: `generateContent`, `streamGenerateContent`, `countTokens`. */
export function createGeminiLanguageModel(config: GeminiLanguageModelConfig): LanguageModel {
  const { modelId, clock, ids } = config;
  const errorContext = (signal?: AbortSignal) => ({
    provider: PROVIDER,
    model: modelId,
    signal,
    apiKey: config.apiKey,
  });
  const mapper = (warnings: GenerateResponse['warnings'], startedAt: number, streamed: boolean) =>
    createGeminiStreamMapper({
      provider: PROVIDER,
      modelId,
      warnings,
      pricing: config.pricing,
      ids,
      clock,
      startedAt,
      measureFirstToken: streamed,
    });

  return {
    provider: PROVIDER,
    modelId,

    async generate(request) {
      const startedAt = clock.now();
      const { signal } = request;
      try {
        const { params, warnings } = buildGeminiRequest(modelId, request);
        const response = await raceAbort(
          config.client().models.generateContent({
            ...params,
            config: { ...params.config, abortSignal: signal },
          }),
          signal,
        );
        // One response through the stream mapper: the same mapping as a stream's.
        const answer = mapper(warnings, startedAt, false);
        const accumulator = new StreamAccumulator();
        for (const event of [...answer.push(response), ...answer.end()]) accumulator.push(event);
        return accumulator.response();
      } catch (error) {
        throw mapGeminiError(error, errorContext(signal));
      }
    },

    async *stream(request): AsyncGenerator<StreamEvent> {
      const startedAt = clock.now();
      const { signal } = request;
      // Ends the HTTP call when the caller stops reading early, or aborts.
      const connection = new AbortController();
      const abortSignal = signal ? AbortSignal.any([signal, connection.signal]) : connection.signal;
      try {
        const { params, warnings } = buildGeminiRequest(modelId, request);
        const chunks = await raceAbort(
          config.client().models.generateContentStream({
            ...params,
            config: { ...params.config, abortSignal },
          }),
          signal,
        );
        const answer = mapper(warnings, startedAt, true);
        for await (const chunk of abortableIterate(chunks, signal)) {
          for (const event of answer.push(chunk)) {
            yield event;
            if (event.type === 'error') return;
          }
        }
        yield* answer.end();
      } catch (error) {
        yield { type: 'error', error: mapGeminiError(error, errorContext(signal)) };
      } finally {
        connection.abort();
      }
    },

    async countTokens(request: GenerateRequest) {
      const { signal } = request;
      try {
        const { params } = buildGeminiRequest(modelId, request);
        const { systemInstruction, tools, toolConfig } = params.config ?? {};
        const whole = systemInstruction !== undefined || tools !== undefined;
        // The SDK counts bare contents only; the REST method also takes the whole request, so
        // the system instruction and tools are counted too. It must then come without contents.
        const counted = await raceAbort(
          config.client().models.countTokens({
            model: modelId,
            contents: whole ? (undefined as unknown as ContentListUnion) : params.contents,
            config: {
              abortSignal: signal,
              httpOptions: {
                retryOptions: { attempts: 1 },
                ...(whole
                  ? {
                      extraBody: {
                        generateContentRequest: {
                          model: resourceName(modelId),
                          contents: params.contents,
                          ...(systemInstruction ? { systemInstruction } : {}),
                          ...(tools ? { tools } : {}),
                          ...(toolConfig ? { toolConfig } : {}),
                        },
                      },
                    }
                  : {}),
              },
            },
          }),
          signal,
        );
        return counted.totalTokens ?? 0;
      } catch (error) {
        throw mapGeminiError(error, errorContext(signal));
      }
    },
  };
}
