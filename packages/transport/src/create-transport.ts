import { Agent, type Dispatcher, EnvHttpProxyAgent, interceptors } from 'undici';
import { dispatchFetch } from './dispatch-fetch.js';

export interface TransportOptions {
  /** Connections kept per origin. Default: no limit (undici's). */
  connections?: number;
  /**
   * Requests sent on one connection before the first answer. Default 1: a request pipelined
   * behind one that fails is lost with it, so only idempotent requests are safe to pipeline,
   * and a provider's POSTs are not.
   */
  pipelining?: number;
  /** How long an idle connection is kept for the next request, in ms. Default 4000 (undici's). */
  keepAliveTimeout?: number;
  /** How long a connection may take, in ms. Default 10000 (undici's). */
  connectTimeout?: number;
  /** How long to wait for a response's headers, in ms. Default 300000 (undici's, as fetch). */
  headersTimeout?: number;
  /** How long the body may go quiet, in ms. Default 300000 (undici's, as fetch). */
  bodyTimeout?: number;
  /** Certificate authorities to trust instead of Node's bundled ones (PEM). */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Accept servers whose certificate does not verify. Default true: they are rejected. */
  rejectUnauthorized?: boolean;
  /**
   * The proxy every request goes through (http: or https: URL), hosts in `noProxy` excepted;
   * `false` for none. Default: `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY` from the environment
   * (either case), and no proxy when neither is set.
   */
  proxy?: string | false;
  /** Hosts reached without the proxy, as `NO_PROXY` lists them. Default `NO_PROXY`. */
  noProxy?: string;
  /**
   * Your own dispatcher (an `Agent`, `Pool`, `ProxyAgent`...): the connection options above are
   * then ignored, and `close()` leaves it open.
   */
  dispatcher?: Dispatcher;
}

/** A fetch for SDK clients, and the connections behind it. */
export interface Transport {
  /** Takes what fetch takes and resolves with a `Response`; pass it to an SDK's `fetch` option. */
  readonly fetch: typeof globalThis.fetch;
  /** The dispatcher it sends through, redirects and decompression included. */
  readonly dispatcher: Dispatcher;
  /** Lets calls in flight finish, then closes its connections; later calls fail. */
  close(): Promise<void>;
}

const envProxy = () =>
  process.env.HTTPS_PROXY ??
  process.env.https_proxy ??
  process.env.HTTP_PROXY ??
  process.env.http_proxy;

function ownDispatcher(options: TransportOptions): Dispatcher {
  const { proxy, noProxy, ca, rejectUnauthorized, connectTimeout } = options;
  const tls = {
    ...(ca !== undefined && { ca }),
    ...(rejectUnauthorized !== undefined && { rejectUnauthorized }),
  };
  const agentOptions = {
    ...(options.connections !== undefined && { connections: options.connections }),
    pipelining: options.pipelining ?? 1,
    ...(options.keepAliveTimeout !== undefined && { keepAliveTimeout: options.keepAliveTimeout }),
    ...(options.headersTimeout !== undefined && { headersTimeout: options.headersTimeout }),
    ...(options.bodyTimeout !== undefined && { bodyTimeout: options.bodyTimeout }),
    connect: { ...tls, ...(connectTimeout !== undefined && { timeout: connectTimeout }) },
  };
  if (proxy === false || (proxy === undefined && envProxy() === undefined)) {
    return new Agent(agentOptions);
  }
  // The same agent options reach the direct agent and the proxy tunnels; `requestTls` is the
  // TLS of the origin behind the proxy.
  return new EnvHttpProxyAgent({
    ...agentOptions,
    requestTls: tls,
    ...(proxy !== undefined && { httpProxy: proxy, httpsProxy: proxy }),
    ...(noProxy !== undefined && { noProxy }),
  });
}

/**
 * A fetch on undici's dispatcher API with keep-alive connections per origin: what the
 * providers' SDKs take as their `fetch`, for a fraction of the built-in fetch's CPU per call.
 * It follows redirects and decodes gzip, br, deflate and zstd bodies as fetch does.
 */
export function createTransport(options: TransportOptions = {}): Transport {
  const base = options.dispatcher ?? ownDispatcher(options);
  const dispatcher = base.compose(
    interceptors.decompress({ skipErrorResponses: false, preserveHeaders: true }),
    interceptors.redirect(),
  );
  return {
    fetch: dispatchFetch(dispatcher),
    dispatcher,
    close: async () => {
      if (!options.dispatcher) await base.close();
    },
  };
}
