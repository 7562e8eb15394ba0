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
 * Reads a JSON body of at most `maxBytes` and parses it once. Rejects with a 413 when it is
 * larger (by its content-length or by what arrives) and a 400 when it is not JSON.
 */
export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    const chunks: Buffer[] = [];
    let size = 0;
    let oversized = Number.isFinite(declared) && declared > maxBytes;
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
    // A connection that breaks mid-body is the client going away.
    req.on('error', () => reject(cancelledError()));
    // Settles nothing once the body has ended; otherwise the client went away mid-body.
    req.on('close', () => reject(oversized ? tooLarge(maxBytes) : cancelledError()));
    req.on('end', () => {
      if (oversized) return reject(tooLarge(maxBytes));
      const text =
        chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
      try {
        resolve(JSON.parse(text));
      } catch (error) {
        reject(
          new RequestFieldError(
            null,
            `The request body is not valid JSON: ${(error as Error).message}`,
            { code: 'invalid_json' },
          ),
        );
      }
    });
  });
}
