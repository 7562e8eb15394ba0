import type { ServerResponse } from 'node:http';

/** How a `rechunk` fault cuts an answer: pieces of `minBytes` to `maxBytes`, drawn by `random`. */
export interface Pieces {
  minBytes: number;
  maxBytes: number;
  random: () => number;
}

/** Where the bytes of an answer go, in order; `end` finishes the response. */
export interface BodyWriter {
  write(chunk: string | Uint8Array): Promise<void>;
  end(chunk?: string | Uint8Array): Promise<void>;
}

/** Resolves once the piece has left for the socket, then once more round the event loop. */
const writePiece = (response: ServerResponse, piece: Uint8Array): Promise<void> =>
  new Promise((resolve) => {
    response.write(piece, () => setImmediate(resolve));
  });

/**
 * Writes an answer's bytes to the response: as they come, or cut into `pieces` of a few bytes,
 * each sent alone once the one before has gone, so a client reads them in separate reads, as a
 * slow network or a proxy delivers them, with lines, frames and UTF-8 characters split across
 * reads. A response the client has closed takes no more writes.
 */
export function bodyWriter(response: ServerResponse, pieces?: Pieces): BodyWriter {
  if (!pieces) {
    return {
      write: async (chunk) => {
        response.write(chunk);
      },
      end: async (chunk) => {
        response.end(chunk);
      },
    };
  }
  const { minBytes, maxBytes, random } = pieces;
  const write = async (chunk: string | Uint8Array) => {
    const bytes = Buffer.from(chunk);
    for (let at = 0; at < bytes.length && !response.destroyed; ) {
      const size = minBytes + Math.floor(random() * (maxBytes - minBytes + 1));
      await writePiece(response, bytes.subarray(at, at + size));
      at += size;
    }
  };
  return {
    write,
    end: async (chunk) => {
      if (chunk !== undefined) await write(chunk);
      response.end();
    },
  };
}
