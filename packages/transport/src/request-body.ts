/** A request body as undici dispatches it. */
export type DispatchBody = string | Uint8Array | Blob | AsyncIterable<Uint8Array> | null;

/** What fetch would send for a body: the bytes, and the content type it implies. */
export interface ExtractedBody {
  body: DispatchBody;
  contentType?: string;
}

/**
 * fetch's body types as undici's dispatcher takes them, each with the content type fetch gives
 * it when the caller sets none. Strings, bytes, Blobs and streams go through as they are;
 * FormData is encoded as fetch encodes it (multipart with a boundary), by Node's own Response,
 * since undici 8 takes only its own FormData class.
 */
export async function extractBody(body: RequestInit['body']): Promise<ExtractedBody> {
  if (body == null) return { body: null };
  if (typeof body === 'string') return { body, contentType: 'text/plain;charset=UTF-8' };
  if (ArrayBuffer.isView(body)) {
    return { body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength) };
  }
  if (body instanceof ArrayBuffer || body instanceof SharedArrayBuffer) {
    return { body: new Uint8Array(body) };
  }
  if (body instanceof URLSearchParams) {
    return {
      body: body.toString(),
      contentType: 'application/x-www-form-urlencoded;charset=UTF-8',
    };
  }
  if (body instanceof Blob) return { body, ...(body.type && { contentType: body.type }) };
  if (body instanceof FormData) {
    const encoded = new Response(body);
    return {
      body: new Uint8Array(await encoded.arrayBuffer()),
      contentType: encoded.headers.get('content-type') ?? undefined,
    };
  }
  if (body instanceof ReadableStream || Symbol.asyncIterator in body) {
    return { body: body as AsyncIterable<Uint8Array> };
  }
  throw new TypeError(`fetch: unsupported body type ${Object.prototype.toString.call(body)}`);
}
