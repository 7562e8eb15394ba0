import { APIError } from '@anthropic-ai/sdk';
import type { MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages';
import type { MessageBatchResult } from '@anthropic-ai/sdk/resources/messages/batches';
import { type Clock, type GenerateRequest, type ModelCatalog, toLlmuxError } from '@llmux/core';
import { createClaude, mapAnthropicError } from '@llmux/provider-claude';
import type { ProviderItemResult } from '../batch-adapter.js';
import { capturedBody, jsonAnswer, REPLAY_API_KEY, replayFetch } from '../replay-fetch.js';

export interface AnthropicCodecSettings {
  catalog: ModelCatalog;
  clock: Clock;
  defaultMaxOutputTokens?: number;
}

/**
 * Message params and results of one Claude model, made and read by `@llmux/provider-claude`
 * itself: its request builder and message parser are not exported, so its adapter is run over a
 * replaying fetch. Batch requests and results are then exactly those of live calls.
 */
export function anthropicBatchCodec(model: string, settings: AnthropicCodecSettings) {
  const adapter = (fetch: typeof globalThis.fetch) =>
    createClaude({ apiKey: REPLAY_API_KEY, fetch, ...settings })(model);

  return {
    /** The `params` of a batch request: the Messages body, which a batch takes without `stream`. */
    async encode(request: GenerateRequest): Promise<MessageCreateParamsNonStreaming> {
      const { stream: _, ...params } = (await capturedBody((fetch) =>
        adapter(fetch).generate(request),
      )) as MessageCreateParamsNonStreaming;
      return params;
    },
    /** A result, read as a live answer would be; `canceled` and `expired` ones were not answered. */
    async read(request: GenerateRequest, result: MessageBatchResult): Promise<ProviderItemResult> {
      if (result.type === 'succeeded') {
        return adapter(replayFetch(jsonAnswer(result.message)).fetch)
          .generate(request)
          .then(
            (response) => ({ ok: true, response }),
            (error: unknown) => ({ ok: false, error: toLlmuxError(error) }),
          );
      }
      if (result.type !== 'errored') return undefined;
      // A result's error comes without an HTTP status: its type says what it is.
      const error = new APIError(undefined, result.error, undefined, undefined);
      return {
        ok: false,
        error: mapAnthropicError(error, { model, now: settings.clock.now() }),
      };
    },
  };
}
