import type { IncomingMessage } from 'node:http';
import { cancelledError } from '@llmux/core';
import { checkBodyNesting } from './json-nesting.js';
import { RequestFieldError } from './request-field-error.js';

const tooLarge = (maxBytes: number, options: { closeConnection?: boolean } = {}) =>
  new RequestFieldError(null, `The request body is larger than the limit of ${maxBytes} bytes`, {
    code: 'request_too_large',
    status: 413,
    ...options,
  });

/**
 * An oversized body is read to its end and dropped, so the connection stays usable; one past
 * this many times the limit is answered at once, and the connection closed after the answer.
 */
const DRAIN_FACTOR = 16;

/**
 * Reads a body of at most `maxBytes`. Rejects with a 413 when it is larger (by its content-length
 * or by what arrives).
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    const chunks: Buffer[] = [];
    let size = 0;
    let oversized = Number.isFinite(declared) && declared > maxBytes;
    let ended = false;
    // Answered before the rest arrives, with `connection: close` (see `sendJson`): the client
    // reads its 413 while Node stops reading and closes the connection.
    const refuseNow = () => {
      ended = true;
      reject(tooLarge(maxBytes, { closeConnection: true }));
    };
    if (oversized && declared > maxBytes * DRAIN_FACTOR) return refuseNow();
    req.on('data', (chunk: Buffer) => {
      if (ended) return;
      size += chunk.length;
      if (size > maxBytes) oversized = true;
      if (oversized) {
        chunks.length = 0;
        if (size > maxBytes * DRAIN_FACTOR) refuseNow();
        return;
      }
      chunks.push(chunk);
    });
    // A connection that breaks or closes mid-body is the client going away.
    const gone = () => {
      if (!ended) reject(oversized ? tooLarge(maxBytes) : cancelledError());
    };
    req.on('error', gone);
    req.on('close', gone);
    req.on('end', () => {
      ended = true;
      if (oversized) return reject(tooLarge(maxBytes));
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    });
  });
}

/**
 * Reads a JSON body of at most `maxBytes` and parses it once. Rejects with a 413 when it is
 * larger and a 400 when it is not JSON or nests too deep for any request.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const body = await readBody(req, maxBytes);
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (error) {
    const message = `The request body is not valid JSON: ${(error as Error).message}`;
    throw new RequestFieldError(null, message, { code: 'invalid_json' });
  }
  checkBodyNesting(value);
  return value;
}
