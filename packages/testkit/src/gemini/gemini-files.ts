import { createHash } from 'node:crypto';
import type { BatchAnswer, BatchCall } from '../simulator/batch-http.js';
import { limitOf, pageOf } from '../simulator/batch-routes.js';
import type { SimFile } from '../simulator/batch-store.js';
import { isObject } from '../simulator/is-object.js';
import { LOWERCASE_ALPHANUMERIC, randomChars } from '../simulator/random-chars.js';
import { SimulatorRequestError } from '../simulator/types.js';
import { multipartParts } from './gemini-multipart.js';

/** Uploaded files are deleted 48 hours after their creation. */
const KEPT_MS = 48 * 60 * 60 * 1000;

/** Bytes a resumable upload takes per chunk, as the API announces it. */
const CHUNK_GRANULARITY = String(8 * 1024 * 1024);

export const newFileId = () => randomChars(LOWERCASE_ALPHANUMERIC, 12);

const time = (ms: number) => new Date(ms).toISOString();

/** Where a file's bytes are downloaded, as the API's `downloadUri` gives it. */
const downloadUri = (origin: string, id: string) =>
  `${origin}/download/v1beta/files/${id}:download?alt=media`;

/**
 * The `File` resource; a batch's responses file is `GENERATED` and downloadable. Fields left
 * empty are left out, as in the API's JSON.
 */
export const fileResource = (file: SimFile, origin: string) => ({
  name: `files/${file.id}`,
  ...(file.filename === '' ? {} : { displayName: file.filename }),
  mimeType: file.mimeType,
  sizeBytes: String(file.bytes.length),
  createTime: time(file.createdAt),
  updateTime: time(file.createdAt),
  expirationTime: time(file.createdAt + KEPT_MS),
  sha256Hash: Buffer.from(createHash('sha256').update(file.bytes).digest('hex')).toString('base64'),
  uri: `${origin}/v1beta/files/${file.id}`,
  ...(file.purpose === 'batch_output' ? { downloadUri: downloadUri(origin, file.id) } : {}),
  state: 'ACTIVE',
  source: file.purpose === 'batch_output' ? 'GENERATED' : 'UPLOADED',
});

/** A stored file by id (`files/` prefix or not), or the API's 404. */
export function storedFile(call: BatchCall, id: string): SimFile {
  const file = call.context.batches.files.get(id.replace(/^files\//, ''));
  if (!file) throw new SimulatorRequestError('Requested entity was not found.', 404);
  return file;
}

const header = (call: BatchCall, name: string) => String(call.headers[name] ?? '').toLowerCase();

/** A new file from the metadata an upload starts with (`{file: {displayName, mimeType, name}}`). */
function newFile(call: BatchCall, metadata: unknown, bytes: Buffer, mimeType: string): SimFile {
  const file = isObject(metadata) && isObject(metadata.file) ? metadata.file : {};
  const id = typeof file.name === 'string' ? file.name.replace(/^files\//, '') : newFileId();
  return {
    id,
    filename: typeof file.displayName === 'string' ? file.displayName : '',
    purpose: 'upload',
    mimeType: typeof file.mimeType === 'string' ? file.mimeType : mimeType,
    bytes,
    createdAt: call.context.clock.now(),
  };
}

const stored = (call: BatchCall, file: SimFile): BatchAnswer => {
  call.context.batches.files.set(file.id, file);
  return {
    body: { file: fileResource(file, call.origin) },
    headers: { 'x-goog-upload-status': 'final' },
  };
};

/**
 * `POST /upload/{version}/files`. A resumable upload (`X-Goog-Upload-Protocol: resumable`, as
 * the SDK uploads) starts with the metadata and answers the upload URL in `X-Goog-Upload-URL`;
 * the bytes follow there in chunks (`X-Goog-Upload-Command: upload`, the last one `upload,
 * finalize`), and the last answers the `File`. A multipart upload sends the metadata and the
 * bytes in one `multipart/related` body.
 */
export function uploadFile(call: BatchCall, [version = 'v1beta']: string[]): BatchAnswer {
  const { uploads } = call.context.batches;
  const uploadId = call.url.searchParams.get('upload_id');
  if (uploadId !== null) {
    const upload = uploads.get(uploadId);
    if (!upload) throw new SimulatorRequestError('Requested entity was not found.', 404);
    const offset = Number(header(call, 'x-goog-upload-offset') || upload.bytes.length);
    upload.bytes = Buffer.concat([upload.bytes.subarray(0, offset), call.body]);
    if (!header(call, 'x-goog-upload-command').includes('finalize')) {
      return { body: '', headers: { 'x-goog-upload-status': 'active' } };
    }
    uploads.delete(uploadId);
    return stored(call, upload);
  }
  const protocol = header(call, 'x-goog-upload-protocol');
  if (protocol === 'resumable') {
    if (header(call, 'x-goog-upload-command') !== 'start') {
      throw new SimulatorRequestError(
        'A resumable upload starts with X-Goog-Upload-Command: start',
        400,
      );
    }
    const text = call.body.toString('utf8');
    const metadata = text.trim() === '' ? {} : JSON.parse(text);
    const mimeType =
      header(call, 'x-goog-upload-header-content-type') || 'application/octet-stream';
    const id = randomChars(LOWERCASE_ALPHANUMERIC, 24);
    uploads.set(id, newFile(call, metadata, Buffer.alloc(0), mimeType));
    return {
      body: '',
      headers: {
        'x-goog-upload-status': 'active',
        'x-goog-upload-url': `${call.origin}/upload/${version}/files?upload_id=${id}&upload_protocol=resumable`,
        'x-goog-upload-chunk-granularity': CHUNK_GRANULARITY,
      },
    };
  }
  if (protocol === 'multipart') {
    const [metadata, bytes] = multipartParts(call.body, String(call.headers['content-type']));
    if (!metadata || !bytes) {
      throw new SimulatorRequestError(
        'A multipart upload has a metadata part and a media part',
        400,
      );
    }
    return stored(
      call,
      newFile(call, JSON.parse(metadata.toString('utf8')), bytes, 'application/octet-stream'),
    );
  }
  throw new SimulatorRequestError('Upload protocol must be resumable or multipart', 400);
}

/** `GET /{version}/files`: newest first, paged with `pageSize` and `pageToken`. */
export function listFiles(call: BatchCall): BatchAnswer {
  const files = [...call.context.batches.files.values()].reverse();
  const { data, hasMore } = pageOf(files, {
    after: call.url.searchParams.get('pageToken') ?? undefined,
    limit: limitOf(call.url, 'pageSize', 10, 100),
  });
  return {
    body: {
      files: data.map((file) => fileResource(file, call.origin)),
      ...(hasMore ? { nextPageToken: data.at(-1)?.id } : {}),
    },
  };
}

/** `GET .../files/{id}:download?alt=media`: the bytes. */
export function downloadFile(call: BatchCall, [id = '']: string[]): BatchAnswer {
  const file = storedFile(call, id);
  return { body: file.bytes, headers: { 'content-type': file.mimeType } };
}

/** `DELETE /{version}/files/{id}`: an empty answer. */
export function deleteFile(call: BatchCall, [id = '']: string[]): BatchAnswer {
  call.context.batches.files.delete(storedFile(call, id).id);
  return { body: {} };
}
