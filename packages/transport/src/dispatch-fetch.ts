import type { Dispatcher } from 'undici';
import { extractBody } from './request-body.js';
import { type HeadersInput, requestHeaders } from './request-headers.js';
import { ResponseHandler } from './response-handler.js';

/** As fetch: a redirect is followed up to 20 times. */
const maxRedirections = 20;

/** What fetch asks for, and decodes (see the decompress interceptor). */
const acceptEncoding = 'gzip, deflate, br';

/** fetch's method names that it upper-cases; any other keeps its case. */
const normalizedMethods = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);

const methodOf = (method: string | undefined): string => {
  if (!method) return 'GET';
  const upper = method.toUpperCase();
  return normalizedMethods.has(upper) ? upper : method;
};

const parseUrl = (input: string | URL): URL => {
  try {
    return new URL(input);
  } catch (error) {
    throw new TypeError(`Failed to parse URL from ${String(input)}`, { cause: error });
  }
};

/**
 * A `fetch` over an undici dispatcher (composed with the redirect and decompress interceptors):
 * string, URL or Request input; string, bytes, Blob, FormData, URLSearchParams or stream
 * bodies; `signal` and `redirect` in init. It resolves with a real `Response`.
 */
export function dispatchFetch(dispatcher: Dispatcher): typeof globalThis.fetch {
  return async function fetch(input, init) {
    const request = input instanceof Request ? input : undefined;
    const url = parseUrl(request ? request.url : (input as string | URL));
    const signal = init?.signal ?? request?.signal ?? undefined;
    if (signal?.aborted) throw signal.reason;
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new TypeError('fetch failed', { cause: new Error(`unknown scheme ${url.protocol}`) });
    }
    const method = methodOf(init?.method ?? request?.method);
    const headers = requestHeaders((init?.headers ?? request?.headers) as HeadersInput | undefined);
    const { body, contentType } = await extractBody(
      init && 'body' in init ? init.body : request?.body,
    );
    if (contentType && !('content-type' in headers)) headers['content-type'] = contentType;
    if (!('accept-encoding' in headers)) headers['accept-encoding'] = acceptEncoding;
    const redirect = init?.redirect ?? request?.redirect ?? 'follow';
    const response = await new Promise<Response>((resolve, reject) => {
      const handler = new ResponseHandler({ url: url.href, method, signal, resolve, reject });
      dispatcher.dispatch(
        {
          origin: url.origin,
          path: url.pathname + url.search,
          method,
          headers,
          body: body as Dispatcher.DispatchOptions['body'],
          maxRedirections: redirect === 'follow' ? maxRedirections : 0,
        } as Dispatcher.DispatchOptions,
        handler,
      );
    });
    if (redirect === 'error' && response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      throw new TypeError('fetch failed', { cause: new Error('unexpected redirect') });
    }
    return response;
  };
}
