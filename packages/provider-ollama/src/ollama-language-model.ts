import {
  type Clock,
  type GenerateRequest,
  type GenerateResponse,
  guardStream,
  type IdGenerator,
  type LanguageModel,
  type ModelCatalog,
  type StreamEvent,
  startCallTimer,
} from '@llmux/core';
import { buildOllamaRequest } from './build-ollama-request.js';
import { mapOllamaError } from './map-ollama-error.js';
import { mapOllamaFinishReason } from './map-ollama-finish-reason.js';
import { mapOllamaContent, mapOllamaLogprobs, ollamaMetadata } from './map-ollama-response.js';
import { mapOllamaStream } from './map-ollama-stream.js';
import { mapOllamaUsage } from './map-ollama-usage.js';
import { type OllamaConnection, postJson, postNdjson } from './ollama-http.js';
import { ollamaPricing } from './ollama-pricing.js';
import type { OllamaChatChunk } from './ollama-wire.js';

export interface OllamaChatConfig {
  /** The provider name responses carry and prices are looked up under. */
  provider: string;
  connection: OllamaConnection;
  catalog: ModelCatalog;
  clock: Clock;
  /** Response and tool-call ids, which Ollama does not send. */
  newId: IdGenerator;
  /** Scrubbed from error messages. */
  apiKey?: string;
}

/** An Ollama model over `POST /api/chat` as a core `LanguageModel`. */
export function createOllamaLanguageModel(
  modelId: string,
  config: OllamaChatConfig,
): LanguageModel {
  const { provider, clock, connection, newId } = config;
  const pricing = ollamaPricing(config.catalog, provider, modelId);
  // `request` may be anything a caller passed: its refusal must still map cleanly.
  const mapError = (request: GenerateRequest) => (error: unknown) =>
    mapOllamaError(error, {
      provider,
      model: modelId,
      signal: request?.signal,
      now: clock.now(),
      apiKey: config.apiKey,
    });
  const prepare = (request: GenerateRequest) => buildOllamaRequest(request, { modelId, provider });

  async function generate(request: GenerateRequest): Promise<GenerateResponse> {
    const timer = startCallTimer(clock);
    try {
      const { body, warnings } = prepare(request);
      const answer = await postJson<OllamaChatChunk>(connection, '/api/chat', body, request.signal);
      const content = mapOllamaContent(answer, { provider, newId });
      const usage = mapOllamaUsage(answer, answer.message?.thinking ?? '');
      const logprobs = mapOllamaLogprobs(answer.logprobs);
      return {
        id: `ollama-${newId()}`,
        provider,
        model: answer.model || modelId,
        content,
        ...(logprobs ? { logprobs } : {}),
        finishReason: mapOllamaFinishReason(
          answer.done_reason,
          content.some((part) => part.type === 'tool-call'),
        ),
        usage,
        costUsd: pricing.costOf(usage),
        ...timer.timing(),
        warnings,
        trace: { attempts: [] },
        providerMetadata: { ollama: ollamaMetadata(answer) },
      };
    } catch (error) {
      throw mapError(request)(error);
    }
  }

  async function* events(request: GenerateRequest): AsyncGenerator<StreamEvent> {
    const timer = startCallTimer(clock);
    const { body, warnings } = prepare(request);
    const lines = postNdjson<OllamaChatChunk>(
      connection,
      '/api/chat',
      { ...body, stream: true },
      request.signal,
    );
    yield* mapOllamaStream(lines, {
      provider,
      modelId,
      id: `ollama-${newId()}`,
      warnings,
      timer,
      newId,
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
  };
}
