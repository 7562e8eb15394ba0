import type { IncomingMessage } from 'node:http';
import { cancelledError } from '@llmux/core';
import { RequestFieldError } from './request-field-error.js';

const tooLarge = (maxBytes: number) =>
  new RequestFieldError(null, `The request body is larger than the limit of ${maxBytes} bytes`, {
    code: 'request_too_large',
    status: 413,
  });

/**
 * An oversized body is read to its end and dropped, so the client gets its 413 instead of a reset
 * connection; one that goes on past this many times the limit gets the connection closed on it.
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
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) oversized = true;
      if (oversized) {
        chunks.length = 0;
        if (size > maxBytes * DRAIN_FACTOR) req.destroy();
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
 * larger and a 400 when it is not JSON.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const body = await readBody(req, maxBytes);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    const message = `The request body is not valid JSON: ${(error as Error).message}`;
    throw new RequestFieldError(null, message, { code: 'invalid_json' });
  }
}
