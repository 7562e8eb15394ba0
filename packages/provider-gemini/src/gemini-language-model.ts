import type { ContentListUnion, GoogleGenAI } from '@google/genai';
import {
  type CallTimer,
  type Clock,
  type GenerateRequest,
  type GenerateResponse,
  guardStream,
  type IdGenerator,
  type LanguageModel,
  type Pricing,
  raceAbort,
  StreamAccumulator,
  type StreamEvent,
  startCallTimer,
} from '@llmux/core';
import { buildGeminiRequest } from './build-gemini-request.js';
import { callDeadline } from './gemini-call-deadline.js';
import type { ContextCacheReport, GeminiContextCache } from './gemini-context-cache.js';
import { createGeminiStreamMapper } from './gemini-stream-mapper.js';
import { mapGeminiError } from './map-gemini-error.js';

export interface GeminiLanguageModelConfig {
  modelId: string;
  /** The SDK client; throws an `authentication` LlmuxError when there is no key to build it. */
  client: () => GoogleGenAI;
  pricing: Pricing;
  clock: Clock;
  ids: IdGenerator;
  /** Explicit context caching of the prefixes `promptCache` hints mark. */
  contextCache: GeminiContextCache;
  /** Only to scrub it from error messages. */
  apiKey?: string;
  /** How long a call waits for the response before failing with `timeout`; default no limit. */
  timeoutMs?: number;
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
  const mapper = (
    warnings: GenerateResponse['warnings'],
    timer: CallTimer,
    contextCache: ContextCacheReport | undefined,
  ) =>
    createGeminiStreamMapper({
      provider: PROVIDER,
      modelId,
      warnings,
      pricing: config.pricing,
      ids,
      timer,
      contextCache,
    });

  /** The answer as it streams; `guardStream` holds it to the stream contract. */
  async function* events(request: GenerateRequest): AsyncGenerator<StreamEvent> {
    const timer = startCallTimer(clock);
    // Ends the HTTP call when the caller stops reading early, or aborts.
    const connection = new AbortController();
    const deadline = callDeadline(clock, config.timeoutMs, request?.signal);
    const { signal } = deadline;
    const abortSignal = signal ? AbortSignal.any([signal, connection.signal]) : connection.signal;
    try {
      const { params, warnings } = buildGeminiRequest(modelId, request);
      // Mapped here, where the deadline is known, so that its abort is a timeout.
      const sent = await config.contextCache
        .send(
          modelId,
          request,
          params,
          (cached) =>
            config.client().models.generateContentStream({
              ...cached,
              config: { ...cached.config, abortSignal },
            }),
          abortSignal,
        )
        .catch((error: unknown) => {
          throw mapGeminiError(error, errorContext(signal));
        })
        .finally(deadline.settled);
      const answer = mapper([...warnings, ...sent.warnings], timer, sent.report);
      const chunks = sent.value;
      for await (const chunk of chunks) {
        for (const event of answer.push(chunk)) {
          timer.observe(event);
          yield event;
        }
      }
      yield* answer.end();
    } finally {
      connection.abort();
    }
  }

  return {
    provider: PROVIDER,
    modelId,

    async generate(request) {
      const timer = startCallTimer(clock);
      // `request` may be anything a caller passed: its refusal must still map cleanly.
      const deadline = callDeadline(clock, config.timeoutMs, request?.signal);
      const { signal } = deadline;
      try {
        const { params, warnings } = buildGeminiRequest(modelId, request);
        const sent = await config.contextCache.send(
          modelId,
          request,
          params,
          (cached) =>
            raceAbort(
              config.client().models.generateContent({
                ...cached,
                config: { ...cached.config, abortSignal: signal },
              }),
              signal,
            ),
          signal,
        );
        const response = sent.value;
        // One response through the stream mapper: the same mapping as a stream's.
        const answer = mapper([...warnings, ...sent.warnings], timer, sent.report);
        const accumulator = new StreamAccumulator();
        for (const event of [...answer.push(response), ...answer.end()]) accumulator.push(event);
        return accumulator.response();
      } catch (error) {
        throw mapGeminiError(error, errorContext(signal));
      } finally {
        deadline.settled();
      }
    },

    stream: (request) =>
      guardStream(events(request), {
        provider: PROVIDER,
        model: modelId,
        signal: request?.signal,
        mapError: (error) => mapGeminiError(error, errorContext(request?.signal)),
      }),

    async countTokens(request: GenerateRequest) {
      const signal = request?.signal;
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
