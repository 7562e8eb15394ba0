import { batchSettings } from '../simulator/batch-behavior.js';
import { createSimBatch, exceedsEnqueuedLimit } from '../simulator/batch-create.js';
import type { BatchAnswer, BatchApi, BatchCall } from '../simulator/batch-http.js';
import { limitOf, pageOf, routeTable } from '../simulator/batch-routes.js';
import { hasEnded, viewBatch } from '../simulator/batch-timeline.js';
import { parseJsonBody } from '../simulator/http-io.js';
import { isObject } from '../simulator/is-object.js';
import { ALPHANUMERIC, randomChars } from '../simulator/random-chars.js';
import { SimulatorRequestError } from '../simulator/types.js';
import {
  type AnthropicBatch,
  type AnthropicBatchData,
  ARCHIVE_AFTER_MS,
  anthropicBatchObject,
  anthropicResults,
} from './anthropic-batch-object.js';
import { parseAnthropicRequest } from './parse-anthropic-request.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_REQUESTS = 100_000;
const CUSTOM_ID = /^[a-zA-Z0-9_-]{1,64}$/;

const refuse = (message: string, status = 400) => new SimulatorRequestError(message, status);

/** The requests of a create body, refused with the API's wording when malformed. */
function readRequests(body: unknown): Array<{ customId: string; params: unknown }> {
  if (!isObject(body) || body.requests === undefined) throw refuse('requests: Field required');
  const { requests } = body;
  if (!Array.isArray(requests)) throw refuse('requests: Input should be a valid list');
  if (requests.length === 0 || requests.length > MAX_REQUESTS) {
    throw refuse(
      `requests: List should have at least 1 item and at most ${MAX_REQUESTS} items, not ${requests.length}`,
    );
  }
  const seen = new Set<string>();
  return requests.map((request, index) => {
    const path = `requests.${index}`;
    if (!isObject(request)) throw refuse(`${path}: Input should be a valid dictionary`);
    const customId = request.custom_id;
    if (typeof customId !== 'string' || !CUSTOM_ID.test(customId)) {
      throw refuse(`${path}.custom_id: String should match pattern '${CUSTOM_ID.source}'`);
    }
    if (seen.has(customId)) throw refuse(`${path}.custom_id: Duplicate custom_id '${customId}'`);
    seen.add(customId);
    if (!isObject(request.params)) throw refuse(`${path}.params: Field required`);
    return { customId, params: request.params };
  });
}

const answer = (batch: AnthropicBatch, call: BatchCall): BatchAnswer => {
  const now = call.context.clock.now();
  return { body: anthropicBatchObject(batch, viewBatch(batch, now), now, call.origin) };
};

function storedBatch(call: BatchCall, id: string): AnthropicBatch {
  const batch = call.context.batches.get<AnthropicBatchData>(id);
  if (!batch) throw refuse(`Message batch '${id}' not found`, 404);
  return batch;
}

/**
 * `POST /v1/messages/batches`: the batch is `in_progress` at once. Each request's `params` is
 * validated as processing reaches it, as the API does: a request it refuses ends `errored`.
 */
function createBatch(call: BatchCall): BatchAnswer {
  const { context } = call;
  const requests = readRequests(parseJsonBody(call.body.toString('utf8')));
  const first = requests[0]?.params;
  const batch: AnthropicBatch = createSimBatch(context, {
    id: `msgbatch_01${randomChars(ALPHANUMERIC, 22)}`,
    model: isObject(first) ? String(first.model) : '',
    windowMs: DAY_MS,
    items: requests.map(
      ({ params }) =>
        () =>
          parseAnthropicRequest(params, { operation: 'generate', stream: false }, call.headers),
    ),
    data: { customIds: requests.map((request) => request.customId) },
  });
  if (exceedsEnqueuedLimit(context, batch)) {
    const limit = batchSettings(context.behavior.batch).enqueuedTokenLimit;
    throw refuse(
      `This batch would exceed the limit of ${limit} prompt tokens waiting in your batch queue for ${batch.model}. Please wait for batches in progress to end.`,
      429,
    );
  }
  context.batches.add(batch);
  return answer(batch, call);
}

/** `GET /v1/messages/batches`: newest first, paged with `after_id` or `before_id` and `limit`. */
function listBatches(call: BatchCall): BatchAnswer {
  const { searchParams } = call.url;
  const { data, hasMore } = pageOf(call.context.batches.list<AnthropicBatchData>(), {
    after: searchParams.get('after_id') ?? undefined,
    before: searchParams.get('before_id') ?? undefined,
    limit: limitOf(call.url, 'limit', 20, 1000),
  });
  return {
    body: {
      data: data.map((batch) => answer(batch, call).body),
      has_more: hasMore,
      first_id: data[0]?.id ?? null,
      last_id: data.at(-1)?.id ?? null,
    },
  };
}

/** `POST .../cancel`: `canceling`, then `ended` with the requests not yet processed canceled. */
function cancelBatch(call: BatchCall, [id = '']: string[]): BatchAnswer {
  const batch = storedBatch(call, id);
  const view = viewBatch(batch, call.context.clock.now());
  if (hasEnded(view))
    throw refuse(`Message batch '${id}' has already ended and cannot be canceled`);
  if (view.phase !== 'cancelling') call.context.batches.cancel(batch);
  return answer(batch, call);
}

/** `GET .../results`: JSONL, once processing has ended and until the batch is archived. */
function batchResults(call: BatchCall, [id = '']: string[]): BatchAnswer {
  const batch = storedBatch(call, id);
  const now = call.context.clock.now();
  const view = viewBatch(batch, now);
  if (!hasEnded(view)) {
    throw refuse(`Message batch '${id}' is still processing; its results are not ready`);
  }
  if (now >= batch.createdAt + ARCHIVE_AFTER_MS) {
    throw refuse(
      `Message batch '${id}' has been archived; its results are no longer available`,
      404,
    );
  }
  return {
    body: anthropicResults(batch, view, () => call.context.newId('request')),
    headers: { 'content-type': 'application/binary' },
  };
}

/** `DELETE`: only a batch that has ended; one in progress must be canceled first. */
function deleteBatch(call: BatchCall, [id = '']: string[]): BatchAnswer {
  const batch = storedBatch(call, id);
  if (!hasEnded(viewBatch(batch, call.context.clock.now()))) {
    throw refuse(`Message batch '${id}' is still processing; cancel it before deleting it`);
  }
  call.context.batches.delete(id);
  return { body: { id, type: 'message_batch_deleted' } };
}

/** The Message Batches API, as the official SDK calls it. */
export const anthropicBatchApi: BatchApi = routeTable([
  ['POST', /^\/v1\/messages\/batches\/?$/, createBatch],
  ['GET', /^\/v1\/messages\/batches\/?$/, listBatches],
  [
    'GET',
    /^\/v1\/messages\/batches\/([^/]+)$/,
    (call, [id = '']) => answer(storedBatch(call, id), call),
  ],
  ['POST', /^\/v1\/messages\/batches\/([^/]+)\/cancel$/, cancelBatch],
  ['GET', /^\/v1\/messages\/batches\/([^/]+)\/results$/, batchResults],
  ['DELETE', /^\/v1\/messages\/batches\/([^/]+)$/, deleteBatch],
]);
