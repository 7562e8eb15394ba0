import type { IncomingMessage } from 'node:http';
import { readBody } from './read-json-body.js';
import { RequestFieldError } from './request-field-error.js';

/**
 * Reads a `multipart/form-data` body of at most `maxBytes` as a `FormData` (parsed by the Fetch
 * API's own reader). A 413 when it is larger, a 400 when it is not multipart.
 */
export async function readMultipartBody(req: IncomingMessage, maxBytes: number): Promise<FormData> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) {
    throw new RequestFieldError(null, 'The request body must be multipart/form-data', {
      code: 'invalid_content_type',
    });
  }
  const body = await readBody(req, maxBytes);
  try {
    return await new Response(body, { headers: { 'content-type': type } }).formData();
  } catch (error) {
    const message = `The request body is not valid multipart/form-data: ${(error as Error).message}`;
    throw new RequestFieldError(null, message, { code: 'invalid_multipart' });
  }
}
