import type { BatchAnswer, BatchCall } from '../simulator/batch-http.js';
import { limitOf, pageOf } from '../simulator/batch-routes.js';
import type { SimFile } from '../simulator/batch-store.js';
import { ALPHANUMERIC, randomChars } from '../simulator/random-chars.js';
import { SimulatorRequestError } from '../simulator/types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Purposes the Files API accepts on upload. */
const purposes = ['assistants', 'batch', 'fine-tune', 'vision', 'user_data', 'evals'];

const seconds = (ms: number) => Math.floor(ms / 1000);

export const newFileId = () => `file-${randomChars(ALPHANUMERIC, 22)}`;

/** Batch files (inputs and results) expire 30 days after their creation, others never. */
const expiresAt = (file: SimFile) =>
  file.purpose.startsWith('batch') ? seconds(file.createdAt + 30 * DAY_MS) : null;

/** The `file` object of the Files API. */
export const fileObject = (file: SimFile) => ({
  id: file.id,
  object: 'file',
  bytes: file.bytes.length,
  created_at: seconds(file.createdAt),
  expires_at: expiresAt(file),
  filename: file.filename,
  purpose: file.purpose,
  status: 'processed',
  status_details: null,
});

/** A stored file, or the 404 the API answers for an unknown id. */
export function storedFile(call: BatchCall, id: string): SimFile {
  const file = call.context.batches.files.get(id);
  if (!file) throw new SimulatorRequestError(`No such File object: ${id}`, 404);
  return file;
}

/** `POST /v1/files`: a multipart upload of `file` with its `purpose`. */
export async function uploadFile(call: BatchCall): Promise<BatchAnswer> {
  const form = await new Response(call.body, {
    headers: { 'content-type': String(call.headers['content-type'] ?? '') },
  })
    .formData()
    .catch(() => {
      throw new SimulatorRequestError('The request body must be multipart/form-data', 400);
    });
  const upload = form.get('file');
  const purpose = form.get('purpose');
  if (upload === null || typeof upload === 'string') {
    throw new SimulatorRequestError(`Missing required parameter: 'file'.`, 400);
  }
  if (typeof purpose !== 'string' || !purposes.includes(purpose)) {
    throw new SimulatorRequestError(
      `Invalid value for 'purpose': '${String(purpose)}'. Supported values are: ${purposes.map((p) => `'${p}'`).join(', ')}.`,
      400,
    );
  }
  const file: SimFile = {
    id: newFileId(),
    filename: upload.name,
    purpose,
    mimeType: upload.type,
    bytes: Buffer.from(await upload.arrayBuffer()),
    createdAt: call.context.clock.now(),
  };
  call.context.batches.files.set(file.id, file);
  return { body: fileObject(file) };
}

/** `GET /v1/files`: newest first, by `purpose`, paged with `after` and `limit`. */
export function listFiles(call: BatchCall): BatchAnswer {
  const purpose = call.url.searchParams.get('purpose');
  const files = [...call.context.batches.files.values()].filter(
    (file) => purpose === null || file.purpose === purpose,
  );
  if (call.url.searchParams.get('order') !== 'asc') files.reverse();
  const { data, hasMore } = pageOf(files, {
    after: call.url.searchParams.get('after') ?? undefined,
    limit: limitOf(call.url, 'limit', 10_000, 10_000),
  });
  return {
    body: {
      object: 'list',
      data: data.map(fileObject),
      first_id: data[0]?.id ?? null,
      last_id: data.at(-1)?.id ?? null,
      has_more: hasMore,
    },
  };
}

/** `GET /v1/files/{id}/content`: the bytes as uploaded or written. */
export const fileContent = (call: BatchCall, [id = '']: string[]): BatchAnswer => ({
  body: storedFile(call, id).bytes,
  headers: { 'content-type': 'application/octet-stream' },
});

/** `DELETE /v1/files/{id}`. */
export function deleteFile(call: BatchCall, [id = '']: string[]): BatchAnswer {
  storedFile(call, id);
  call.context.batches.files.delete(id);
  return { body: { id, object: 'file', deleted: true } };
}
