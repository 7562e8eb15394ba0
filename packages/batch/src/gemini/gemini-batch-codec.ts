import type { GenerateContentParameters, GoogleGenAI, InlinedRequest } from '@google/genai';
import { type Clock, type GenerateRequest, type ModelCatalog, toLlmuxError } from '@llmux/core';
import { createGemini } from '@llmux/provider-gemini';
import type { ProviderItemResult } from '../batch-adapter.js';
import { capturedBody, jsonAnswer, REPLAY_API_KEY, replayFetch } from '../replay-fetch.js';
import { httpStatusOf, isUnprocessed } from './rpc-status.js';

/** A batch item's answer at Gemini: a response, or a `google.rpc.Status`. */
export interface GeminiItemAnswer {
  response?: unknown;
  error?: { code?: number; message?: string; status?: string };
}

export interface GeminiCodecSettings {
  catalog: ModelCatalog;
  clock: Clock;
}

/**
 * Requests and results of one Gemini model, made and read by `@llmux/provider-gemini` itself:
 * its request builder and response mapper are not exported, so its adapter is run over a
 * replaying fetch (or, for the SDK's own request shape, a client that only records the call).
 * Batch requests and results are then exactly those of live calls.
 */
export function geminiBatchCodec(model: string, settings: GeminiCodecSettings) {
  const adapter = (fetch: typeof globalThis.fetch) =>
    createGemini({ apiKey: REPLAY_API_KEY, fetch, ...settings })(model);

  return {
    /** An inlined request, in the SDK's shape, which `batches.create` converts as it does live ones. */
    async inline(request: GenerateRequest, key: string): Promise<InlinedRequest> {
      let sent: GenerateContentParameters | undefined;
      const recorder = {
        models: {
          generateContent: async (params: GenerateContentParameters) => {
            sent = params;
            throw new Error('llmux batch: request captured');
          },
        },
      } as unknown as GoogleGenAI;
      await createGemini({ client: recorder, ...settings })(model)
        .generate(request)
        .catch((error: unknown) => {
          if (!sent) throw error;
        });
      const { abortSignal: _, ...config } = sent!.config ?? {};
      return { contents: sent!.contents, config, metadata: { key } };
    },
    /** A line of an input file: the REST `GenerateContentRequest`. */
    rest: (request: GenerateRequest) => capturedBody((fetch) => adapter(fetch).generate(request)),
    /**
     * An answer, read as a live one would be (an error as the HTTP error it stands for); none for
     * a request the batch never ran.
     */
    async read(request: GenerateRequest, answer: GeminiItemAnswer): Promise<ProviderItemResult> {
      const { error } = answer;
      if (error ? isUnprocessed(error.code) : answer.response === undefined) return undefined;
      const status = error ? httpStatusOf(error.code) : 200;
      const body = error ? { error: { ...error, code: status } } : answer.response;
      return adapter(replayFetch(jsonAnswer(body, status)).fetch)
        .generate(request)
        .then(
          (response) => ({ ok: true, response }),
          (failure: unknown) => ({ ok: false, error: toLlmuxError(failure) }),
        );
    },
  };
}
