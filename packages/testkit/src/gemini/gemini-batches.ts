import { createSimBatch, exceedsEnqueuedLimit } from '../simulator/batch-create.js';
import type { BatchAnswer, BatchApi, BatchCall } from '../simulator/batch-http.js';
import { limitOf, pageOf, routeTable } from '../simulator/batch-routes.js';
import { type BatchView, hasEnded, viewBatch } from '../simulator/batch-timeline.js';
import type { SimulatorContext } from '../simulator/context.js';
import { parseJsonBody } from '../simulator/http-io.js';
import { isObject } from '../simulator/is-object.js';
import { LOWERCASE_ALPHANUMERIC, randomChars } from '../simulator/random-chars.js';
import { type SimRequest, SimulatorRequestError } from '../simulator/types.js';
import {
  type GeminiBatch,
  type GeminiBatchData,
  geminiBatchOperation,
  itemResult,
} from './gemini-batch-operation.js';
import {
  deleteFile,
  downloadFile,
  fileResource,
  listFiles,
  newFileId,
  storedFile,
  uploadFile,
} from './gemini-files.js';
import { parseGeminiRequest } from './gemini-request.js';
import { rpcStatus } from './gemini-rpc-status.js';

/** Batches not finished 48 hours after their creation expire. */
const WINDOW_MS = 48 * 60 * 60 * 1000;

const invalid = (message: string) => new SimulatorRequestError(message, 400);

type Entry = { request: unknown; tag: GeminiBatchData['tags'][number] };

/** The lines of an input file: `{"key": …, "request": GenerateContentRequest}` each. */
function fileEntries(text: string): Entry[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        const entry: unknown = JSON.parse(line);
        return isObject(entry)
          ? { request: entry.request, tag: { key: entry.key } }
          : { request: undefined, tag: {} };
      } catch {
        return { request: undefined, tag: {} };
      }
    });
}

/** The requests of a create body: inlined (`requests.requests`) or in an uploaded file. */
function readInput(call: BatchCall, body: unknown): { entries: Entry[]; inputFile?: string } {
  const batch = isObject(body) && isObject(body.batch) ? body.batch : undefined;
  const input = batch?.inputConfig ?? batch?.input_config;
  if (!isObject(input)) {
    throw invalid(
      '* BatchGenerateContentRequest.batch.input_config: input_config is not specified\n',
    );
  }
  const fileName = input.fileName ?? input.file_name;
  if (typeof fileName === 'string') {
    const file = storedFile(call, fileName);
    return { entries: fileEntries(file.bytes.toString('utf8')), inputFile: `files/${file.id}` };
  }
  const requests = isObject(input.requests) ? input.requests.requests : undefined;
  if (!Array.isArray(requests) || requests.length === 0) {
    throw invalid(
      '* BatchGenerateContentRequest.batch.input_config.requests: requests is not specified\n',
    );
  }
  return {
    entries: requests.map((entry) => ({
      request: isObject(entry) ? entry.request : undefined,
      tag: isObject(entry) && entry.metadata !== undefined ? { metadata: entry.metadata } : {},
    })),
  };
}

/** Parses one request as `generateContent` on the batch's model would. */
const parseEntry = (call: BatchCall, model: string, request: unknown) => (): SimRequest => {
  if (!isObject(request)) throw invalid('Invalid JSON payload received. Expected a request.');
  return parseGeminiRequest(request, { operation: 'generate', stream: false, model }, call.headers);
};

/** A batch of a file writes its results to a responses file, a line per request in input order. */
function writeResponsesFile(batch: GeminiBatch, view: BatchView, context: SimulatorContext) {
  const lines = view.items.map((state, index) => {
    const { key } = batch.data.tags[index] ?? {};
    return `${JSON.stringify({ ...(key === undefined ? {} : { key }), ...itemResult(batch, index, state) })}\n`;
  });
  const id = newFileId();
  context.batches.files.set(id, {
    id,
    filename: `${batch.data.displayName || batch.id}-responses`,
    purpose: 'batch_output',
    mimeType: 'application/jsonl',
    bytes: Buffer.from(lines.join('')),
    createdAt: view.endedAt ?? context.clock.now(),
  });
  batch.data.responsesFile = `files/${id}`;
}

const answer = (batch: GeminiBatch, call: BatchCall): BatchAnswer => ({
  body: geminiBatchOperation(batch, viewBatch(batch, call.context.clock.now())),
});

function storedBatch(call: BatchCall, id: string): GeminiBatch {
  const batch = call.context.batches.get<GeminiBatchData>(id);
  if (!batch) throw new SimulatorRequestError('Requested entity was not found.', 404);
  return batch;
}

/**
 * `POST /{version}/models/{model}:batchGenerateContent`: the batch starts
 * `BATCH_STATE_PENDING`. Its requests are read as processing reaches them: one the API refuses
 * ends with an error status in the results, not in the reply.
 */
function createBatch(call: BatchCall, [, model = '']: string[]): BatchAnswer {
  const { context } = call;
  const body = parseJsonBody(call.body.toString('utf8'));
  const { entries, inputFile } = readInput(call, body);
  const batchBody = isObject(body) && isObject(body.batch) ? body.batch : {};
  const displayName = batchBody.displayName ?? batchBody.display_name;
  const batch: GeminiBatch = createSimBatch(context, {
    id: randomChars(LOWERCASE_ALPHANUMERIC, 36),
    model,
    windowMs: WINDOW_MS,
    items: entries.map((entry) => parseEntry(call, model, entry.request)),
    data: {
      displayName: typeof displayName === 'string' ? displayName : '',
      tags: entries.map((entry) => entry.tag),
      ...(inputFile ? { inputFile } : {}),
    },
    onEnded: (view) => {
      if (batch.data.inputFile && view.phase !== 'failed') writeResponsesFile(batch, view, context);
    },
  });
  if (exceedsEnqueuedLimit(context, batch)) {
    batch.failsValidation = true;
    batch.data.error = rpcStatus(
      429,
      `Enqueued token limit reached for models/${model}: this batch would exceed the tokens allowed in batches waiting to run.`,
    );
  }
  context.batches.add(batch);
  return answer(batch, call);
}

/** `GET /{version}/batches`: `operations`, newest first, paged with `pageSize` and `pageToken`. */
function listBatches(call: BatchCall): BatchAnswer {
  const { data, hasMore } = pageOf(call.context.batches.list<GeminiBatchData>(), {
    after: call.url.searchParams.get('pageToken') ?? undefined,
    limit: limitOf(call.url, 'pageSize', 50, 1000),
  });
  return {
    body: {
      operations: data.map((batch) => answer(batch, call).body),
      ...(hasMore ? { nextPageToken: data.at(-1)?.id } : {}),
    },
  };
}

/** `POST /{version}/batches/{id}:cancel`: an empty answer; the batch ends cancelled. */
function cancelBatch(call: BatchCall, [, id = '']: string[]): BatchAnswer {
  const batch = storedBatch(call, id);
  const view = viewBatch(batch, call.context.clock.now());
  if (hasEnded(view)) throw invalid(`Batch batches/${id} has ended and cannot be cancelled.`);
  if (view.phase !== 'cancelling') call.context.batches.cancel(batch);
  return { body: {} };
}

/** `DELETE /{version}/batches/{id}`: forgets the batch (it does not cancel it); an empty answer. */
function deleteBatch(call: BatchCall, [, id = '']: string[]): BatchAnswer {
  storedBatch(call, id);
  call.context.batches.delete(id);
  return { body: {} };
}

const V = '(v1|v1beta|v1alpha)';
const path = (pattern: string) => new RegExp(`^/${pattern.replaceAll('{v}', V)}$`);

/**
 * Batch Mode and the Files API. The SDK calls `v1` (its default version), the docs `v1beta`:
 * every version answers the same. Files download from `download/{v}/files/{id}:download` (the
 * REST docs) or `{v}/files/{id}:download` (the SDK).
 */
export const geminiBatchApi: BatchApi = routeTable([
  ['POST', path('{v}/models/([^/:]+):batchGenerateContent'), createBatch],
  ['GET', path('{v}/batches'), listBatches],
  ['GET', path('{v}/batches/([^/:]+)'), (call, [, id = '']) => answer(storedBatch(call, id), call)],
  ['POST', path('{v}/batches/([^/:]+):cancel'), cancelBatch],
  ['DELETE', path('{v}/batches/([^/:]+)'), deleteBatch],
  ['POST', path('upload/{v}/files'), uploadFile],
  ['GET', path('{v}/files'), listFiles],
  [
    'GET',
    path('{v}/files/([^/:]+)'),
    (call, [, id = '']) => ({ body: fileResource(storedFile(call, id), call.origin) }),
  ],
  [
    'GET',
    path('(?:download/)?{v}/files/([^/:]+):download'),
    (call, [, id = '']) => downloadFile(call, [id]),
  ],
  ['DELETE', path('{v}/files/([^/:]+)'), (call, [, id = '']) => deleteFile(call, [id])],
]);
