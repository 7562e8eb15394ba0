import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Clock,
  type IdGenerator,
  type LanguageModel,
  LlmuxError,
  randomId,
  startTimer,
  systemClock,
} from '@llmux/core';
import type { createDashboardRoutes } from '../dashboard/dashboard-routes.js';
import type { createAdminRoutes } from '../keys/admin-routes.js';
import { checkAllowedModel, resolveModelFor } from '../keys/allowed-models.js';
import {
  type Metrics,
  PROMETHEUS_CONTENT_TYPE,
  renderPrometheus,
} from '../observability/metrics.js';
import type { EmbeddingServices } from '../stack/embedding-stack.js';
import type { Readiness } from '../stack/readiness.js';
import type { CandidateRef } from '../stack/router-config.js';
import { toAnthropicErrorReply } from './anthropic-errors.js';
import type { TenantKeys } from './auth.js';
import { type BatchServices, createBatchRoutes } from './batch-routes.js';
import { handleChatCompletions } from './chat-completions-route.js';
import { withClaudeAliases } from './claude-model-alias.js';
import { estimateInputTokens, type InputTokenCounter } from './count-input-tokens.js';
import { handleEmbeddings } from './embeddings-route.js';
import type { ErrorReply } from './error-outcome.js';
import { handleCountTokens, handleMessages, type MessagesRouteOptions } from './messages-route.js';
import { createModelResolver } from './model-resolver.js';
import { createModelsRoute } from './models-route.js';
import { toErrorReply } from './openai-errors.js';
import { readJsonBody } from './read-json-body.js';
import { RequestFieldError } from './request-field-error.js';
import { handleResponses } from './responses-route.js';
import { sendJson } from './send-json.js';
import type { ChatRequestContext } from './to-generate-request.js';

/** A request the gateway answered with an error before the stack saw it. */
export interface Refusal {
  request_id: string;
  route: string;
  status: number;
  code: string;
  tenant: string | null;
}

export interface GatewayOptions {
  /** The composed stack's model. */
  model: LanguageModel;
  candidates: CandidateRef[];
  readiness(): Promise<Readiness>;
  keys: TenantKeys;
  maxBodyBytes: number;
  /** How long a client may take to send a request, and how many connections stay open. */
  connections?: ConnectionLimits;
  /**
   * The deadline of each request from its arrival (`failover.timeouts.totalMs`): the stack's
   * layers honour it, and a request still running a little past it is cut with `timeout`.
   */
  deadlineMs?: number;
  clock?: Clock;
  ids?: IdGenerator;
  metrics?: Metrics;
  /** The `/metrics` page; default this process's metrics (a cluster adds up its workers'). */
  renderMetrics?: () => Promise<string>;
  onRefused?: (refusal: Refusal) => void;
  /** A failure that is a bug of the gateway (answered as a bare 500). */
  onInternalError?: (requestId: string, error: unknown) => void;
  /** Takes secrets out of error messages. */
  scrub?: (text: string) => string;
  /** Serves `/v1/files` and `/v1/batches` (see `createBatchService`). */
  batches?: BatchServices;
  /** Serves `/v1/embeddings` (the stack's `embeddings`); without, it answers 404. */
  embeddings?: EmbeddingServices;
  /** Counts input tokens for `/v1/messages/count_tokens`; default core's estimate. */
  countTokens?: InputTokenCounter;
  /** Serves `/admin/keys` (see `createAdminRoutes`). */
  admin?: ReturnType<typeof createAdminRoutes>;
  /** Serves `/dashboard` (see `createDashboardRoutes`). */
  dashboard?: ReturnType<typeof createDashboardRoutes>;
}

export interface ConnectionLimits {
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  maxConnections: number;
}

/** Node's defaults hold a slow client for minutes (300 s for a body) and accept any number. */
const defaultConnectionLimits: ConnectionLimits = {
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 30_000,
  maxConnections: 4096,
};

export interface Gateway {
  readonly server: Server;
  listen(port: number, host?: string): Promise<AddressInfo>;
  /**
   * Stops taking connections, lets the requests in flight finish (for at most `timeoutMs`),
   * then ends those still running with a typed error (a stream gets its error chunk, and every
   * request its log line) and closes every connection.
   */
  shutdown(timeoutMs: number): Promise<void>;
}

/** The cancellation and deadline of one call of the stack. */
interface CallScope {
  signal: AbortSignal;
  deadlineAt: number | undefined;
}

type Handler = (req: IncomingMessage, res: ServerResponse, requestId: string) => Promise<void>;

/** Answers a route's failures in its API's error shape (OpenAI's by default). */
type ErrorReplier = (
  error: unknown,
  scrub: (text: string) => string,
  requestId: string,
) => ErrorReply;

/** A route that calls the stack: the body read and translated, the call run, the answer sent. */
type ModelRoute = (
  body: unknown,
  context: ChatRequestContext,
  res: ServerResponse,
  options: MessagesRouteOptions,
) => Promise<void>;

const notFound = (path: string) =>
  new RequestFieldError(null, `Unknown path ${path}`, { code: 'not_found', status: 404 });
const wrongMethod = (method: string, path: string) =>
  new RequestFieldError(null, `${method} is not allowed on ${path}`, {
    code: 'method_not_allowed',
    status: 405,
  });

/** The OpenAI-compatible HTTP gateway over the composed stack. */
export function createGateway(options: GatewayOptions): Gateway {
  const { keys, maxBodyBytes, metrics, clock = systemClock, ids = randomId } = options;
  const scrub = options.scrub ?? ((text) => text);
  const resolveModel = createModelResolver(options.candidates);
  const resolveClaudeModel = withClaudeAliases(options.candidates, resolveModel);
  const routeOptions: MessagesRouteOptions = {
    model: options.model,
    clock,
    scrub,
    countTokens: options.countTokens ?? estimateInputTokens,
  };
  const models = createModelsRoute(options.candidates, options.embeddings);
  const batchRoute =
    options.batches &&
    createBatchRoutes({ ...options.batches, keys, resolveModel, clock, maxBodyBytes, scrub });
  const renderMetrics =
    options.renderMetrics ??
    (async () => renderPrometheus(metrics?.snapshot() ?? { counters: {}, histograms: {} }));
  let draining = false;
  let inFlight = 0;
  let drained: (() => void) | undefined;
  /** The calls the stack is running, to end at shutdown. */
  const calls = new Set<AbortController>();
  /**
   * The calls not yet cut, by when each overstays its deadline: in arrival order, so by that time
   * too, as every call has the same deadline. One timer, for the first, serves them all; it is
   * stopped when no call is left, so an idle gateway holds none.
   */
  const cutTimes = new Map<AbortController, number>();
  let backstop: (() => void) | undefined;
  const armBackstop = () => {
    const first = cutTimes.values().next();
    if (backstop || first.done) return;
    backstop = startTimer(clock, first.value - clock.now(), () => {
      backstop = undefined;
      const now = clock.now();
      for (const [call, cutAt] of cutTimes) {
        if (cutAt > now) break;
        cutTimes.delete(call);
        call.abort(pastDeadline(options.deadlineMs!));
      }
      armBackstop();
    });
  };
  const stopBackstop = () => {
    backstop?.();
    backstop = undefined;
  };

  /**
   * Runs one call of the stack for a request: the client going away cancels it (and its retries)
   * upstream, its deadline runs from the request's arrival, and shutdown can end it.
   */
  const withCall = async (res: ServerResponse, run: (call: CallScope) => Promise<void>) => {
    const arrivedAt = clock.now();
    const call = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) call.abort();
    });
    const deadlineAt =
      options.deadlineMs === undefined ? undefined : arrivedAt + options.deadlineMs;
    // The layers end the request at its deadline; the backstop only cuts one that overstays it.
    if (deadlineAt !== undefined) {
      cutTimes.set(call, deadlineAt + DEADLINE_GRACE_MS);
      armBackstop();
    }
    calls.add(call);
    try {
      await run({ signal: call.signal, deadlineAt });
    } finally {
      calls.delete(call);
      cutTimes.delete(call);
      if (cutTimes.size === 0) stopBackstop();
    }
  };

  /**
   * A route that answers one call of the stack (chat completions, responses, messages), for the
   * caller's key: its tenant, its own limits (`keyId`) and the models it may use.
   */
  const modelRoute =
    (handle: ModelRoute, resolve = resolveModel): Handler =>
    async (req, res, requestId) => {
      const caller = keys.callerOf(req.headers);
      res.setHeader('x-llmux-tenant', caller.tenant);
      const body = await readJsonBody(req, maxBodyBytes);
      await withCall(res, ({ signal, deadlineAt }) =>
        handle(
          body,
          {
            tenant: caller.tenant,
            keyId: caller.keyId,
            requestId,
            taskHeader: headerValue(req, 'x-llmux-task'),
            tagsHeader: headerValue(req, 'x-llmux-tags'),
            resolveModel: resolveModelFor(caller, resolve),
            signal,
            deadlineAt,
          },
          res,
          routeOptions,
        ),
      );
    };

  const embeddings: Handler = async (req, res, requestId) => {
    const caller = keys.callerOf(req.headers);
    res.setHeader('x-llmux-tenant', caller.tenant);
    const body = await readJsonBody(req, maxBodyBytes);
    checkAllowedModel(caller, body);
    await withCall(res, (call) =>
      handleEmbeddings(
        body,
        { tenant: caller.tenant, keyId: caller.keyId, requestId, ...call },
        res,
        options.embeddings,
      ),
    );
  };

  const routes = new Map<
    string,
    { method: string; name: string; handle: Handler; replyError?: ErrorReplier }
  >(
    Object.entries({
      '/v1/chat/completions': {
        method: 'POST',
        name: 'chat_completions',
        handle: modelRoute(handleChatCompletions),
      },
      '/v1/embeddings': { method: 'POST', name: 'embeddings', handle: embeddings },
      '/v1/responses': { method: 'POST', name: 'responses', handle: modelRoute(handleResponses) },
      '/v1/messages': {
        method: 'POST',
        name: 'messages',
        handle: modelRoute(handleMessages, resolveClaudeModel),
        replyError: toAnthropicErrorReply,
      },
      '/v1/messages/count_tokens': {
        method: 'POST',
        name: 'messages_count_tokens',
        handle: modelRoute(handleCountTokens, resolveClaudeModel),
        replyError: toAnthropicErrorReply,
      },
      '/v1/models': {
        method: 'GET',
        name: 'models',
        handle: async (req, res) => {
          sendJson(res, 200, models.list(keys.callerOf(req.headers)));
        },
      },
      '/healthz': {
        method: 'GET',
        name: 'healthz',
        handle: async (_req, res) => sendJson(res, 200, { status: 'ok' }),
      },
      '/readyz': {
        method: 'GET',
        name: 'readyz',
        handle: async (_req, res) => {
          if (draining)
            return sendJson(res, 503, {
              ready: false,
              checks: [{ name: 'shutting down', ok: false }],
            });
          const readiness = await options.readiness();
          sendJson(res, readiness.ready ? 200 : 503, readiness);
        },
      },
      '/metrics': {
        method: 'GET',
        name: 'metrics',
        handle: async (_req, res) => {
          const text = await renderMetrics();
          res.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE });
          res.end(text);
        },
      },
    }),
  );

  const modelById: Handler = async (req, res) => {
    const caller = keys.callerOf(req.headers);
    const path = new URL(req.url ?? '/', 'http://gateway').pathname;
    sendJson(res, 200, models.retrieve(decodedSegment(path.slice('/v1/models/'.length)), caller));
  };

  const dispatch = (
    req: IncomingMessage,
  ): { name: string; handle: Handler; replyError?: ErrorReplier } => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    const route = routes.get(path);
    if (route) {
      if (req.method === route.method) return route;
      return { ...route, handle: failWith(wrongMethod(req.method ?? '', path)) };
    }
    if (path.startsWith('/v1/models/') && req.method === 'GET')
      return { name: 'models', handle: modelById };
    const batch =
      batchRoute?.(req.method ?? '', path) ??
      options.admin?.(req.method ?? '', path) ??
      options.dashboard?.(req.method ?? '', path);
    if (batch) {
      return {
        name: batch.name,
        handle: batch.handle ?? failWith(wrongMethod(req.method ?? '', path)),
      };
    }
    return { name: 'unknown', handle: failWith(notFound(path)) };
  };

  const limits = options.connections ?? defaultConnectionLimits;
  const server = createServer(
    {
      headersTimeout: Math.min(limits.headersTimeoutMs, limits.bodyTimeoutMs),
      requestTimeout: limits.bodyTimeoutMs,
      // How often Node looks for clients past those timeouts (default every 30 s).
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs / 2),
    },
    (req, res) => {
      inFlight++;
      const requestId = clientRequestId(req) ?? ids();
      const route = dispatch(req);
      res.on('close', () => {
        metrics?.httpResponse(route.name, res.statusCode);
        if (--inFlight === 0 && drained) drained();
      });
      route.handle(req, res, requestId).catch((error: unknown) => {
        const reply = (route.replyError ?? toErrorReply)(error, scrub, requestId);
        if (!LlmuxError.isInstance(error)) options.onInternalError?.(requestId, error);
        if (error instanceof RequestFieldError) {
          options.onRefused?.({
            request_id: requestId,
            route: route.name,
            status: reply.status,
            code: error.code,
            tenant: (res.getHeader('x-llmux-tenant') as string | undefined) ?? null,
          });
        }
        if (res.headersSent) return void res.end();
        sendJson(res, reply.status, reply.body, {
          ...reply.headers,
          'x-request-id': requestId,
          ...(error instanceof RequestFieldError &&
            error.closeConnection && { connection: 'close' }),
        });
      });
    },
  );
  server.maxConnections = limits.maxConnections;
  // Longer than clients keep idle sockets, so none is reused while the server closes it.
  server.keepAliveTimeout = 65_000;

  return {
    server,
    listen: (port, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        server.once('error', (error) => reject(listenError(error, host, port)));
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      }),
    async shutdown(timeoutMs) {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const idle = new Promise<void>((resolve) => {
        drained = resolve;
        if (inFlight === 0) resolve();
      });
      const idleWithin = async (ms: number) => {
        const timer = new AbortController();
        await Promise.race([idle, clock.sleep(ms, timer.signal).catch(() => {})]);
        timer.abort();
      };
      await idleWithin(timeoutMs);
      // Calls still running end with a typed error: the client sees why, the log keeps the line.
      for (const call of calls) call.abort(shuttingDown());
      await idleWithin(CUT_GRACE_MS);
      server.closeAllConnections();
      await closed;
    },
  };
}

/** How long a request may overstay its deadline before the gateway cuts it. */
const DEADLINE_GRACE_MS = 250;
/** How long calls cut at shutdown get to write their error and their log line. */
const CUT_GRACE_MS = 1000;

const pastDeadline = (ms: number) =>
  new LlmuxError({ kind: 'timeout', message: `The request was not done within ${ms} ms` });

const shuttingDown = () =>
  new LlmuxError({
    kind: 'overloaded',
    message: 'The gateway is shutting down; send the request again',
  });

const failWith =
  (error: RequestFieldError): Handler =>
  async () => {
    throw error;
  };

/**
 * The client's own `x-request-id`, kept so its logs and ours share the id: printable ASCII of at
 * most 128 characters (anything else is replaced by ours, as it could not be echoed in a header).
 */
const clientRequestId = (req: IncomingMessage): string | undefined => {
  const id = req.headers['x-request-id'];
  return typeof id === 'string' && /^[\x21-\x7e]{1,128}$/.test(id) ? id : undefined;
};

/** A port taken or not ours to take is the operator's to fix: say so, without a stack trace. */
function listenError(error: Error, host: string, port: number): Error {
  const code = (error as NodeJS.ErrnoException).code;
  const problems: Record<string, string> = {
    EADDRINUSE: 'is already in use: stop what listens there, or set gateway.port or --port',
    EACCES: 'may not be used by this user (ports below 1024 need privileges): choose another',
    EADDRNOTAVAIL: 'is not an address of this machine: check gateway.host',
  };
  const problem = code === undefined ? undefined : problems[code];
  if (problem === undefined) return error;
  return new LlmuxError({
    kind: 'invalid_request',
    message: `Cannot listen on ${host}:${port}: the ${code === 'EADDRNOTAVAIL' ? 'host' : 'port'} ${problem}`,
    cause: error,
  });
}

/** A percent-encoded path segment; a malformed one (`%E0%A4%A`) is the client's 400. */
const decodedSegment = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new RequestFieldError(
      null,
      `The path segment "${segment}" is not valid percent-encoding`,
    );
  }
};

const headerValue = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
};
