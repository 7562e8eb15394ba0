import { SimulatorRequestError } from '../simulator/types.js';

/**
 * The bodies of the parts of a `multipart/related` upload (the file's metadata as JSON, then its
 * bytes), each without its part headers.
 */
export function multipartParts(body: Buffer, contentType: string): Buffer[] {
  const boundary = contentType.match(/boundary="?([^";]+)"?/i)?.[1];
  if (!boundary) {
    throw new SimulatorRequestError('A multipart upload needs a multipart/related boundary', 400);
  }
  const delimiter = `--${boundary}`;
  const parts: Buffer[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const part = body.subarray(start + delimiter.length, next);
    const headersEnd = part.indexOf('\r\n\r\n');
    if (headersEnd !== -1) parts.push(part.subarray(headersEnd + 4, part.length - 2));
    start = next;
  }
  return parts;
}
