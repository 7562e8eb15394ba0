import {
  type Clock,
  checkProviderSettings,
  defaultCatalog,
  LlmuxError,
  type ModelCatalog,
  missingApiKeyError,
  systemClock,
} from '@llmux/core';
import OpenAI, { toFile } from 'openai';
import type {
  BatchAdapter,
  ProviderBatchRef,
  ProviderBatchState,
  ProviderItemResult,
} from '../batch-adapter.js';
import { encodeEach } from '../encode-each.js';
import { parseJsonl, toJsonl } from '../jsonl.js';
import { mapBatchApiError } from '../map-batch-api-error.js';
import { openaiBatchCodec } from './openai-batch-codec.js';

export interface OpenAIBatchOptions {
  /** Default: the `OPENAI_API_KEY` environment variable. Not needed with `client`. */
  apiKey?: string;
  /** Where the API is (a simulator, a proxy); default OpenAI's. */
  baseURL?: string;
  headers?: Record<string, string>;
  /** An SDK client to use as it is; excludes the connection settings. */
  client?: OpenAI;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
  /** Models and prices, as for `createOpenAI`; default core's. */
  catalog?: ModelCatalog;
  clock?: Clock;
  /** Where `OPENAI_API_KEY` is read; default `process.env`. */
  env?: Record<string, string | undefined>;
}

const provider = 'openai';
const factory = 'openaiBatch';
const ENDPOINT = '/v1/chat/completions';

const states: Record<OpenAI.Batch['status'], ProviderBatchState> = {
  validating: 'running',
  in_progress: 'running',
  finalizing: 'running',
  cancelling: 'running',
  completed: 'ended',
  expired: 'expired',
  cancelled: 'cancelled',
  failed: 'failed',
};

/** One line of an output or error file. */
interface ResultLine {
  custom_id?: string;
  response?: { status_code?: number; body?: unknown } | null;
  error?: { code?: string; message?: string } | null;
}

/** Error-file codes for requests the batch never ran: they move on, as unanswered. */
const unanswered = new Set(['batch_expired', 'batch_cancelled']);

/** Why a batch failed as a whole; past the enqueued token limit it is a capacity signal. */
function batchFailure(batch: OpenAI.Batch): LlmuxError {
  const first = batch.errors?.data?.[0];
  return new LlmuxError({
    kind: first?.code === 'token_limit_exceeded' ? 'rate_limited' : 'server_error',
    message: `OpenAI batch ${batch.id} failed: ${first?.message ?? first?.code ?? 'no reason given'}`,
    provider,
  });
}

/**
 * OpenAI's Batch API over the official SDK: a JSONL file of Chat Completions requests uploaded
 * through Files, a `/v1/batches` job with a 24-hour window, and its output and error files read
 * back. Its SDK calls make one attempt each.
 */
export function openaiBatch(options: OpenAIBatchOptions = {}): BatchAdapter {
  checkProviderSettings(factory, options);
  const { catalog = defaultCatalog, clock = systemClock, env = process.env } = options;
  const apiKey = options.client ? undefined : (options.apiKey ?? env.OPENAI_API_KEY);
  let client = options.client;
  const sdk = (): OpenAI => {
    if (client) return client;
    if (!apiKey) throw missingApiKeyError(factory, provider, ['OPENAI_API_KEY']);
    client = new OpenAI({
      apiKey,
      baseURL: options.baseURL,
      defaultHeaders: options.headers,
      fetch: options.fetch,
      timeout: options.timeoutMs,
      maxRetries: 0,
      logLevel: 'off',
    });
    return client;
  };
  const once = { maxRetries: 0 };
  const call = async <T>(run: (client: OpenAI) => Promise<T>): Promise<T> => {
    try {
      return await run(sdk());
    } catch (error) {
      throw mapBatchApiError(error, { provider, now: clock.now(), apiKey });
    }
  };
  const fileText = (id: string) => call(async (c) => (await c.files.content(id, once)).text());

  return {
    provider,

    async submit(model, requests, label) {
      const codec = openaiBatchCodec(model, { catalog, clock });
      const { lines, refused } = await encodeEach(
        requests,
        async (request, index) => ({
          custom_id: String(index),
          method: 'POST',
          url: ENDPOINT,
          body: await codec.encode(request),
        }),
        { provider, model },
      );
      if (lines.length === 0) return { refused };
      const file = await call(async (c) =>
        c.files.create(
          {
            file: await toFile(Buffer.from(toJsonl(lines)), `${label}.jsonl`, {
              type: 'application/jsonl',
            }),
            purpose: 'batch',
          },
          once,
        ),
      );
      const batch = await call((c) =>
        c.batches.create(
          {
            input_file_id: file.id,
            endpoint: ENDPOINT,
            completion_window: '24h',
            metadata: { llmux_job: label },
          },
          once,
        ),
      );
      return { ref: { id: batch.id, files: [file.id] }, refused };
    },

    async status(ref) {
      const batch = await call((c) => c.batches.retrieve(ref.id, once));
      const state = states[batch.status] ?? 'running';
      return state === 'failed' ? { state, error: batchFailure(batch) } : { state };
    },

    async results(ref, model, requests) {
      const batch = await call((c) => c.batches.retrieve(ref.id, once));
      const codec = openaiBatchCodec(model, { catalog, clock });
      const files = [batch.output_file_id, batch.error_file_id].filter(
        (id): id is string => typeof id === 'string' && id !== '',
      );
      const results: ProviderItemResult[] = new Array(requests.length).fill(undefined);
      for (const id of files) {
        const lines = parseJsonl(await fileText(id), `OpenAI batch file ${id}`) as ResultLine[];
        await Promise.all(
          lines.map(async (line) => {
            const index = Number(line.custom_id);
            const request = requests[index];
            if (!Number.isInteger(index) || !request) return;
            results[index] = await readLine(line, (status, body) =>
              codec.read(request, status, body),
            );
          }),
        );
      }
      return results;
    },

    async cancel(ref) {
      await call((c) => c.batches.cancel(ref.id, once));
    },

    async discard(ref: ProviderBatchRef) {
      const batch = await call((c) => c.batches.retrieve(ref.id, once));
      const files = [...(ref.files ?? []), batch.output_file_id, batch.error_file_id];
      for (const id of files) {
        if (id) await call((c) => c.files.delete(id, once));
      }
    },
  };
}

/** A result line as a result: a response read as the live adapter reads one, or an error. */
function readLine(
  line: ResultLine,
  read: (status: number, body: unknown) => Promise<ProviderItemResult>,
): Promise<ProviderItemResult> | ProviderItemResult {
  const status = line.response?.status_code;
  if (typeof status === 'number') return read(status, line.response?.body);
  if (line.error?.code && unanswered.has(line.error.code)) return undefined;
  return {
    ok: false,
    error: new LlmuxError({
      kind: 'server_error',
      message: `OpenAI batch: ${line.error?.message ?? line.error?.code ?? 'a request came back without a response'}`,
      provider,
    }),
  };
}
