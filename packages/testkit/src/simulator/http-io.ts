import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BodyWriter } from './body-writer.js';

/** Reads a request body as bytes. */
export async function readBytes(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Reads a request body as text. */
export const readBody = async (request: IncomingMessage): Promise<string> =>
  (await readBytes(request)).toString('utf8');

/** Parses a JSON body; an empty body is `undefined`, invalid JSON throws a SyntaxError. */
export const parseJsonBody = (text: string): unknown =>
  text.trim() === '' ? undefined : JSON.parse(text);

/** A body as it goes on the wire: JSON-encoded unless it already is a string or bytes. */
const encodeBody = (body: unknown): string | Buffer =>
  typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);

/**
 * Sends a complete response; `body` is JSON-encoded unless it already is a string or bytes.
 * Through a `writer` (see `bodyWriter`) its bytes may go in pieces.
 */
export function sendBody(
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: unknown,
  writer?: BodyWriter,
): Promise<void> {
  const text = encodeBody(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  if (writer) return writer.end(text);
  response.end(text);
  return Promise.resolve();
}
