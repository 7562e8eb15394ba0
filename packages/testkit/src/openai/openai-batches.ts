import { batchSettings } from '../simulator/batch-behavior.js';
import { createSimBatch, exceedsEnqueuedLimit } from '../simulator/batch-create.js';
import type { BatchAnswer, BatchApi, BatchCall } from '../simulator/batch-http.js';
import { limitOf, pageOf, routeTable } from '../simulator/batch-routes.js';
import { hasEnded, viewBatch } from '../simulator/batch-timeline.js';
import { parseJsonBody } from '../simulator/http-io.js';
import { isObject } from '../simulator/is-object.js';
import { HEX, randomChars } from '../simulator/random-chars.js';
import { SimulatorRequestError } from '../simulator/types.js';
import { readBatchInput } from './openai-batch-input.js';
import {
  type OpenAIBatch,
  type OpenAIBatchData,
  openaiBatchObject,
  openaiBatchStatus,
} from './openai-batch-object.js';
import { writeBatchResults } from './openai-batch-results.js';
import {
  deleteFile,
  fileContent,
  fileObject,
  listFiles,
  storedFile,
  uploadFile,
} from './openai-files.js';
import { parseOpenAIRequest } from './openai-request.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The endpoint batches can call: the one the simulator serves. */
const ENDPOINT = '/v1/chat/completions';

const invalid = (message: string) => new SimulatorRequestError(message, 400);

const answer = (batch: OpenAIBatch, call: BatchCall): BatchAnswer => ({
  body: openaiBatchObject(batch, viewBatch(batch, call.context.clock.now())),
});

function storedBatch(call: BatchCall, id: string): OpenAIBatch {
  const batch = call.context.batches.get<OpenAIBatchData>(id);
  if (!batch) throw new SimulatorRequestError(`No batch found with id '${id}'.`, 404);
  return batch;
}

/** The create parameters, refused with the API's wording when one is missing or wrong. */
function readCreate(body: unknown) {
  if (!isObject(body)) throw invalid(`Invalid type for 'body': expected an object.`);
  for (const name of ['input_file_id', 'endpoint', 'completion_window']) {
    if (typeof body[name] !== 'string') throw invalid(`Missing required parameter: '${name}'.`);
  }
  if (body.endpoint !== ENDPOINT) {
    throw invalid(
      `Invalid value for 'endpoint': '${String(body.endpoint)}'. The simulator supports '${ENDPOINT}'.`,
    );
  }
  if (body.completion_window !== '24h') {
    throw invalid(
      `Invalid value for 'completion_window': '${String(body.completion_window)}'. Supported values are: '24h'.`,
    );
  }
  const metadata = body.metadata ?? null;
  if (metadata !== null && !isObject(metadata)) {
    throw invalid(`Invalid type for 'metadata': expected an object, but got ${typeof metadata}.`);
  }
  return { inputFileId: String(body.input_file_id), metadata: metadata as Record<string, string> };
}

/**
 * `POST /v1/batches`: the batch starts `validating`; its input file is read at once, and a file
 * the API would refuse fails the batch when validation ends, with the reasons in `errors.data`.
 */
function createBatch(call: BatchCall): BatchAnswer {
  const { context } = call;
  const { inputFileId, metadata } = readCreate(parseJsonBody(call.body.toString('utf8')));
  const file = storedFile(call, inputFileId);
  if (file.purpose !== 'batch') {
    throw invalid(`The input file '${inputFileId}' must be uploaded with purpose 'batch'.`);
  }
  const { lines, errors } = readBatchInput(file.bytes.toString('utf8'), ENDPOINT);
  const valid = errors.length === 0;
  const batch: OpenAIBatch = createSimBatch(context, {
    id: `batch_${randomChars(HEX, 32)}`,
    model: String(lines[0]?.body.model ?? ''),
    windowMs: DAY_MS,
    items: valid ? lines.map((line) => () => parseOpenAIRequest(line.body, call.headers)) : [],
    data: {
      endpoint: ENDPOINT,
      inputFileId,
      metadata,
      customIds: lines.map((line) => line.customId),
      errors,
    },
    failsValidation: !valid,
    onEnded: (view) => writeBatchResults(batch, view, context),
  });
  if (valid && exceedsEnqueuedLimit(context, batch)) {
    const limit = batchSettings(context.behavior.batch).enqueuedTokenLimit;
    batch.failsValidation = true;
    batch.data.errors.push({
      code: 'token_limit_exceeded',
      message: `Enqueued token limit reached for ${batch.model} in organization org-llmux-simulator. Limit: ${limit} enqueued tokens. Please try submitting a smaller batch or waiting for your in progress batches to complete.`,
      param: null,
      line: null,
    });
  }
  context.batches.add(batch);
  return answer(batch, call);
}

/** `GET /v1/batches`: newest first, paged with `after` and `limit` (1 to 100, default 20). */
function listBatches(call: BatchCall): BatchAnswer {
  const now = call.context.clock.now();
  const { data, hasMore } = pageOf(call.context.batches.list<OpenAIBatchData>(), {
    after: call.url.searchParams.get('after') ?? undefined,
    limit: limitOf(call.url, 'limit', 20, 100),
  });
  return {
    body: {
      object: 'list',
      data: data.map((batch) => openaiBatchObject(batch, viewBatch(batch, now))),
      first_id: data[0]?.id ?? null,
      last_id: data.at(-1)?.id ?? null,
      has_more: hasMore,
    },
  };
}

/**
 * `POST /v1/batches/{id}/cancel`: `cancelling`, then `cancelled` with the requests answered
 * before the cancel in the output file. Cancelling again answers the batch as it is; a batch
 * that has ended cannot be cancelled (409).
 */
function cancelBatch(call: BatchCall, [id = '']: string[]): BatchAnswer {
  const batch = storedBatch(call, id);
  const view = viewBatch(batch, call.context.clock.now());
  if (hasEnded(view)) {
    throw new SimulatorRequestError(
      `Cannot cancel a batch with status '${openaiBatchStatus(view)}'.`,
      409,
    );
  }
  if (view.phase !== 'cancelling') call.context.batches.cancel(batch);
  return answer(batch, call);
}

/** The Files and Batches APIs, as the official SDK calls them (paths under `/v1`). */
export const openaiBatchApi: BatchApi = routeTable([
  ['POST', /^\/v1\/files\/?$/, uploadFile],
  ['GET', /^\/v1\/files\/?$/, listFiles],
  [
    'GET',
    /^\/v1\/files\/([^/]+)$/,
    (call, [id = '']) => ({ body: fileObject(storedFile(call, id)) }),
  ],
  ['GET', /^\/v1\/files\/([^/]+)\/content$/, fileContent],
  ['DELETE', /^\/v1\/files\/([^/]+)$/, deleteFile],
  ['POST', /^\/v1\/batches\/?$/, createBatch],
  ['GET', /^\/v1\/batches\/?$/, listBatches],
  ['GET', /^\/v1\/batches\/([^/]+)$/, (call, [id = '']) => answer(storedBatch(call, id), call)],
  ['POST', /^\/v1\/batches\/([^/]+)\/cancel$/, cancelBatch],
]);
