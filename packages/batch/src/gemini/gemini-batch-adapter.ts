import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BatchJob, GoogleGenAI } from '@google/genai';
import {
  type Clock,
  checkProviderSettings,
  connectionSettings,
  defaultCatalog,
  invalidSetting,
  LlmuxError,
  type ModelCatalog,
  missingApiKeyError,
  systemClock,
} from '@llmux/core';
import type { BatchAdapter, ProviderBatchState, ProviderItemResult } from '../batch-adapter.js';
import { encodeEach } from '../encode-each.js';
import { parseJsonl, toJsonl } from '../jsonl.js';
import { mapBatchApiError } from '../map-batch-api-error.js';
import { type GeminiItemAnswer, geminiBatchCodec } from './gemini-batch-codec.js';

export interface GeminiBatchOptions {
  /** Default: the `GEMINI_API_KEY` environment variable, then `GOOGLE_API_KEY`. */
  apiKey?: string;
  /** Where the API is (a simulator, a proxy); default Google's. */
  baseURL?: string;
  /** The API version in the path; default the SDK's. */
  apiVersion?: string;
  headers?: Record<string, string>;
  fetch?: typeof globalThis.fetch;
  /** An SDK client to use as it is; excludes the connection settings. */
  client?: GoogleGenAI;
  /** Models and prices, as for `createGemini`; default core's. */
  catalog?: ModelCatalog;
  clock?: Clock;
  /**
   * Requests up to this many bytes (as JSON) go inline in the create call; more go in a JSONL
   * file uploaded through Files. Default 10 MB (Gemini takes inline batches up to 20 MB).
   */
  inlineMaxBytes?: number;
  /** Where the API key variables are read; default `process.env`. */
  env?: Record<string, string | undefined>;
}

const provider = 'gemini';
const factory = 'geminiBatch';
const DEFAULT_INLINE_MAX_BYTES = 10_000_000;

const states: Record<string, ProviderBatchState> = {
  JOB_STATE_SUCCEEDED: 'ended',
  JOB_STATE_PARTIALLY_SUCCEEDED: 'ended',
  JOB_STATE_EXPIRED: 'expired',
  JOB_STATE_CANCELLED: 'cancelled',
  JOB_STATE_FAILED: 'failed',
};

/** The resource name of what the API made (a batch, a file); it always has one. */
function nameOf(made: { name?: string }, what: string): string {
  if (made.name) return made.name;
  throw new LlmuxError({
    kind: 'server_error',
    message: `Gemini made a ${what} without a name`,
    provider,
  });
}

/** Each SDK call makes one attempt: the job retries on its next poll, or moves on. */
const once = { httpOptions: { retryOptions: { attempts: 1 } } };

/** A line of a results file: a request's key with its response or its error status. */
interface ResultLine extends GeminiItemAnswer {
  key?: string;
  status?: GeminiItemAnswer['error'];
}

function checkOptions(options: GeminiBatchOptions): void {
  checkProviderSettings(factory, options, [...connectionSettings, 'apiVersion']);
  const { inlineMaxBytes } = options;
  if (inlineMaxBytes !== undefined && !(Number.isInteger(inlineMaxBytes) && inlineMaxBytes >= 0)) {
    throw invalidSetting(factory, 'inlineMaxBytes', 'an integer >= 0', inlineMaxBytes);
  }
}

/**
 * Gemini's Batch Mode over the official `@google/genai` SDK: `batches` create (with inlined
 * requests, or a JSONL file uploaded through `files` when they are large), get and cancel, and
 * the inlined responses or the results file read back.
 */
export function geminiBatch(options: GeminiBatchOptions = {}): BatchAdapter {
  checkOptions(options);
  const {
    catalog = defaultCatalog,
    clock = systemClock,
    env = process.env,
    inlineMaxBytes = DEFAULT_INLINE_MAX_BYTES,
  } = options;
  const apiKey = options.client
    ? undefined
    : (options.apiKey ?? (env.GEMINI_API_KEY || env.GOOGLE_API_KEY || undefined));
  let client = options.client;
  const sdk = (): GoogleGenAI => {
    if (client) return client;
    if (!apiKey) throw missingApiKeyError(factory, provider, ['GEMINI_API_KEY', 'GOOGLE_API_KEY']);
    const { baseURL, apiVersion, headers, fetch } = options;
    client = new GoogleGenAI({
      apiKey,
      vertexai: false,
      ...(apiVersion ? { apiVersion } : {}),
      httpOptions: {
        ...(baseURL ? { baseUrl: baseURL } : {}),
        ...(headers ? { headers } : {}),
        ...(fetch ? { fetch } : {}),
      },
    });
    return client;
  };
  const call = async <T>(run: (client: GoogleGenAI) => Promise<T>): Promise<T> => {
    try {
      return await run(sdk());
    } catch (error) {
      throw mapBatchApiError(error, { provider, now: clock.now(), apiKey });
    }
  };
  const codec = (model: string) => geminiBatchCodec(model, { catalog, clock });

  /** The results file, downloaded: the SDK only writes files to disk in Node. */
  async function download(name: string): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'llmux-batch-'));
    try {
      const downloadPath = join(dir, 'results.jsonl');
      await call((c) => c.files.download({ file: name, downloadPath, config: once }));
      return await readFile(downloadPath, 'utf8');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async function answers(batch: BatchJob): Promise<Array<[string | undefined, GeminiItemAnswer]>> {
    const inlined = batch.dest?.inlinedResponses;
    if (inlined) {
      return inlined.map((answer, position) => [answer.metadata?.key ?? String(position), answer]);
    }
    const file = batch.dest?.fileName;
    if (!file) return [];
    const lines = parseJsonl(await download(file), `Gemini results file ${file}`) as ResultLine[];
    return lines.map((line) => [
      line.key,
      { response: line.response, error: line.error ?? line.status },
    ]);
  }

  return {
    provider,

    async submit(model, requests, label) {
      const { inline, rest } = codec(model);
      const where = { provider, model };
      const inlined = await encodeEach(
        requests,
        (request, index) => inline(request, String(index)),
        where,
      );
      if (inlined.lines.length === 0) return { refused: inlined.refused };
      const config = { displayName: label, ...once };
      if (JSON.stringify(inlined.lines).length <= inlineMaxBytes) {
        const batch = await call((c) => c.batches.create({ model, src: inlined.lines, config }));
        return { ref: { id: nameOf(batch, 'batch') }, refused: inlined.refused };
      }
      const filed = await encodeEach(
        requests,
        async (request, index) => ({ key: String(index), request: await rest(request) }),
        where,
      );
      const file = await call((c) =>
        c.files.upload({
          file: new Blob([toJsonl(filed.lines)], { type: 'application/jsonl' }),
          config: { mimeType: 'application/jsonl', displayName: label, ...once },
        }),
      );
      const name = nameOf(file, 'file');
      const batch = await call((c) => c.batches.create({ model, src: name, config }));
      return { ref: { id: nameOf(batch, 'batch'), files: [name] }, refused: filed.refused };
    },

    async status(ref) {
      const batch = await call((c) => c.batches.get({ name: ref.id, config: once }));
      const state = states[batch.state ?? ''] ?? 'running';
      if (state !== 'failed') return { state };
      const error = new LlmuxError({
        kind: 'server_error',
        message: `Gemini batch ${ref.id} failed: ${batch.error?.message ?? 'no reason given'}`,
        provider,
      });
      return { state, error };
    },

    async results(ref, model, requests) {
      const batch = await call((c) => c.batches.get({ name: ref.id, config: once }));
      const { read } = codec(model);
      const results: ProviderItemResult[] = new Array(requests.length).fill(undefined);
      await Promise.all(
        (await answers(batch)).map(async ([key, answer]) => {
          const index = Number(key);
          const request = requests[index];
          if (!Number.isInteger(index) || !request) return;
          results[index] = await read(request, answer);
        }),
      );
      return results;
    },

    async cancel(ref) {
      await call((c) => c.batches.cancel({ name: ref.id, config: once }));
    },

    async discard(ref) {
      const batch = await call((c) => c.batches.get({ name: ref.id, config: once }));
      for (const name of [...(ref.files ?? []), batch.dest?.fileName]) {
        if (name) await call((c) => c.files.delete({ name, config: once }));
      }
    },
  };
}
