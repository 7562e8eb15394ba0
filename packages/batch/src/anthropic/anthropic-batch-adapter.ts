import Anthropic from '@anthropic-ai/sdk';
import type { MessageBatch } from '@anthropic-ai/sdk/resources/messages/batches';
import {
  type Clock,
  defaultCatalog,
  type ModelCatalog,
  missingApiKeyError,
  systemClock,
} from '@llmux/core';
import { checkClaudeOptions } from '@llmux/provider-claude';
import type { BatchAdapter, ProviderBatchState, ProviderItemResult } from '../batch-adapter.js';
import { encodeEach } from '../encode-each.js';
import { mapBatchApiError } from '../map-batch-api-error.js';
import { anthropicBatchCodec } from './anthropic-batch-codec.js';

export interface AnthropicBatchOptions {
  /** Default: the `ANTHROPIC_API_KEY` environment variable. Not needed with `client`. */
  apiKey?: string;
  /** Where the API is (a simulator, a proxy); default Anthropic's. */
  baseURL?: string;
  headers?: Record<string, string>;
  /** An SDK client to use as it is; excludes the connection settings. */
  client?: Anthropic;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
  /** Models and prices, as for `createClaude`; default core's. */
  catalog?: ModelCatalog;
  clock?: Clock;
  /** `max_tokens` of requests without `maxOutputTokens`, as for `createClaude`; default 4096. */
  defaultMaxOutputTokens?: number;
  /** Where `ANTHROPIC_API_KEY` is read; default `process.env`. */
  env?: Record<string, string | undefined>;
}

const provider = 'anthropic';
const factory = 'anthropicBatch';

/**
 * A batch that ended says how its unanswered requests ended by their counts: a batch is never
 * `expired` or `cancelled` as a whole at Anthropic, but its requests are.
 */
function endState(batch: MessageBatch): ProviderBatchState {
  if (batch.processing_status !== 'ended') return 'running';
  if (batch.request_counts.expired > 0) return 'expired';
  if (batch.request_counts.canceled > 0) return 'cancelled';
  return 'ended';
}

/**
 * Anthropic's Message Batches over the official SDK: `messages.batches` create, retrieve, the
 * results stream and cancel. Its SDK calls make one attempt each.
 */
export function anthropicBatch(options: AnthropicBatchOptions = {}): BatchAdapter {
  checkClaudeOptions(options, factory);
  const { defaultMaxOutputTokens } = options;
  const { catalog = defaultCatalog, clock = systemClock, env = process.env } = options;
  const apiKey = options.client ? undefined : (options.apiKey ?? env.ANTHROPIC_API_KEY);
  let client = options.client;
  const sdk = (): Anthropic => {
    if (client) return client;
    if (!apiKey) throw missingApiKeyError(factory, provider, ['ANTHROPIC_API_KEY']);
    client = new Anthropic({
      apiKey,
      baseURL: options.baseURL,
      defaultHeaders: options.headers,
      maxRetries: 0,
      logLevel: 'off',
      ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    return client;
  };
  const once = { maxRetries: 0 };
  const call = async <T>(run: (batches: Anthropic['messages']['batches']) => Promise<T>) => {
    try {
      return await run(sdk().messages.batches);
    } catch (error) {
      throw mapBatchApiError(error, { provider, now: clock.now(), apiKey });
    }
  };
  const codec = (model: string) =>
    anthropicBatchCodec(model, { catalog, clock, defaultMaxOutputTokens });

  return {
    provider,

    async submit(model, requests) {
      const { encode } = codec(model);
      const { lines, refused } = await encodeEach(
        requests,
        async (request, index) => ({ custom_id: String(index), params: await encode(request) }),
        { provider, model },
      );
      if (lines.length === 0) return { refused };
      const batch = await call((batches) => batches.create({ requests: lines }, once));
      return { ref: { id: batch.id }, refused };
    },

    async status(ref) {
      return { state: endState(await call((batches) => batches.retrieve(ref.id, {}, once))) };
    },

    async results(ref, model, requests) {
      const { read } = codec(model);
      const results: ProviderItemResult[] = new Array(requests.length).fill(undefined);
      const reads: Array<Promise<void>> = [];
      await call(async (batches) => {
        for await (const line of await batches.results(ref.id, {}, once)) {
          const index = Number(line.custom_id);
          const request = requests[index];
          if (!Number.isInteger(index) || !request) continue;
          reads.push(
            read(request, line.result).then((result) => {
              results[index] = result;
            }),
          );
        }
      });
      await Promise.all(reads);
      return results;
    },

    async cancel(ref) {
      await call((batches) => batches.cancel(ref.id, {}, once));
    },
  };
}
