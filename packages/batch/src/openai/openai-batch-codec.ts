import { type Clock, type GenerateRequest, type ModelCatalog, toLlmuxError } from '@llmux/core';
import { createOpenAI } from '@llmux/provider-openai';
import type { ProviderItemResult } from '../batch-adapter.js';
import { capturedBody, jsonAnswer, REPLAY_API_KEY, replayFetch } from '../replay-fetch.js';

/**
 * Chat Completions bodies and results of one model, made and read by `@llmux/provider-openai`
 * itself: its request builder and response parser are not exported, so its adapter is run over
 * a replaying fetch. Batch lines and results are then exactly those of live calls.
 */
export function openaiBatchCodec(model: string, settings: { catalog: ModelCatalog; clock: Clock }) {
  const adapter = (fetch: typeof globalThis.fetch) =>
    createOpenAI({ apiKey: REPLAY_API_KEY, fetch, ...settings })(model);

  return {
    /** The `body` of a batch line. */
    encode: (request: GenerateRequest) => capturedBody((fetch) => adapter(fetch).generate(request)),
    /** A result line's `response`: its status code and body, read as a live answer would be. */
    read: (request: GenerateRequest, status: number, body: unknown): Promise<ProviderItemResult> =>
      adapter(replayFetch(jsonAnswer(body, status)).fetch)
        .generate(request)
        .then(
          (response) => ({ ok: true, response }),
          (error: unknown) => ({ ok: false, error: toLlmuxError(error) }),
        ),
  };
}
