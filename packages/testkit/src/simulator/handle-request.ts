import type { IncomingMessage, ServerResponse } from 'node:http';
import { approximateTokens } from '@llmux/core';
import { answerBatchCall } from './batch-http.js';
import { drawDuration } from './behavior.js';
import { bodyWriter } from './body-writer.js';
import { capabilitiesOf } from './capabilities.js';
import { KEPT_REQUESTS, type SimulatorContext } from './context.js';
import { answerEarlyFault, isEarlyFault, type SendError } from './early-faults.js';
import { defaultErrorMessage, type Fault, pieceSizes } from './faults.js';
import { parseJsonBody, readBody, sendBody } from './http-io.js';
import { resolveReply } from './reply.js';
import { resolveEmbedReply } from './simulated-embedding.js';
import { isLateFault, streamReply } from './stream-reply.js';
import { type SimRequest, type SimUsage, SimulatorRequestError } from './types.js';
import { wait } from './wait.js';

/** Why a call's signal aborted. Never thrown to a caller: the waits it ends just stop. */
const responseClosed = new Error('the response closed');
const simulatorClosed = new Error('the simulator is closing');

/** What a `malformed` fault answers instead of JSON. */
const malformed = '{"malformed": "this body stops he';

/** Sends a call's 200 answer (JSON-encoded unless a string), through the call's body writer. */
type Send = (body: unknown) => Promise<void>;

/** The request handler of a simulator: parse, authenticate, wait, fail or answer. */
export function createRequestHandler(context: SimulatorContext) {
  const { dialect, counters, clock } = context;
  const capabilities = capabilitiesOf(dialect);

  /** Vectors for each input, deterministic by text; a `malformed` fault garbles the body. */
  const answerEmbed = (request: SimRequest, send: Send, late: Fault | undefined) => {
    const reply = resolveEmbedReply(request);
    counters.inputTokens += reply.inputTokens;
    return send(late?.type === 'malformed' ? malformed : dialect.embedBody!(reply, request));
  };

  /** Whether the dialect serves an operation: count-tokens and embed only where it has them. */
  const serves = (operation: SimRequest['operation']) =>
    (operation !== 'count-tokens' || capabilities.countTokens) &&
    (operation !== 'embed' || capabilities.embeddings);

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = context.newId('request');
    const baseHeaders: Record<string, string> = dialect.requestIdHeader
      ? { [dialect.requestIdHeader]: requestId }
      : {};
    // Aborts when the response closes or the simulator does. One controller and one listener, and
    // a reason made once: `AbortSignal.any` and a DOMException per request cost more than the
    // rest of a plain answer.
    const call = new AbortController();
    const { signal } = call;
    const onClosing = () => call.abort(simulatorClosed);
    if (context.closing.aborted) onClosing();
    else context.closing.addEventListener('abort', onClosing, { once: true });
    counters.requests++;
    counters.inFlight++;
    counters.peakConcurrency = Math.max(counters.peakConcurrency, counters.inFlight);
    res.on('close', () => {
      counters.inFlight--;
      if (res.headersSent)
        counters.byStatus[res.statusCode] = (counters.byStatus[res.statusCode] ?? 0) + 1;
      context.closing.removeEventListener('abort', onClosing);
      call.abort(responseClosed);
    });

    const sendError: SendError = (status, message, { retryAfterMs, headers } = {}) => {
      const error = dialect.errorReply(status, message, { requestId, retryAfterMs });
      const retryAfter: Record<string, string> =
        retryAfterMs !== undefined && dialect.retryAfterHeader !== false
          ? { 'retry-after': String(retryAfterMs / 1000) }
          : {};
      sendBody(
        res,
        error.status,
        { ...baseHeaders, ...error.headers, ...retryAfter, ...headers },
        error.body,
      );
    };

    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // Endpoints besides generating: batches and files, a provider's explicit prompt caches.
    const endpoint =
      (capabilities.batch ? dialect.batchApi?.route(req.method ?? 'GET', url) : undefined) ??
      context.promptCache?.route?.(req.method ?? 'GET', url);
    if (endpoint) {
      return answerBatchCall(endpoint, context, {
        req,
        res,
        url,
        sendError,
        headers: baseHeaders,
      });
    }
    const route = dialect.route(req.method ?? 'GET', url);
    if (!route || !serves(route.operation)) {
      return sendError(404, `Not found: ${req.method} ${url.pathname}`);
    }

    let request: SimRequest;
    try {
      const body = parseJsonBody(await readBody(req));
      request = { ...dialect.parse(body, route, req.headers), path: url.pathname + url.search };
    } catch (error) {
      if (error instanceof SyntaxError) return sendError(400, 'The request body is not valid JSON');
      if (error instanceof SimulatorRequestError) return sendError(error.status, error.message);
      throw error;
    }
    context.requests.push(request);
    if (context.requests.length > KEPT_REQUESTS) context.requests.shift();
    if (request.stream) counters.streamed++;

    const { behavior } = context;
    if (behavior.requireApiKey && !dialect.hasApiKey(req.headers)) {
      return sendError(401, defaultErrorMessage(401));
    }
    if (!(await wait(clock, drawDuration(behavior.latencyMs, context.random), signal))) return;

    if (context.behavior.outage) {
      const overloadedStatus = dialect.overloadedStatus ?? 503;
      counters.faults++;
      return sendError(overloadedStatus, defaultErrorMessage(overloadedStatus));
    }
    const fault = context.faults.take(request);
    if (fault) counters.faults++;
    if (isEarlyFault(fault))
      return answerEarlyFault(fault, context, { req, res, sendError, signal });
    const late = isLateFault(fault) ? fault : undefined;
    // A `rechunk` fault cuts whatever this call answers into pieces of a few bytes.
    const out = bodyWriter(
      res,
      late?.type === 'rechunk' ? { ...pieceSizes(late), random: context.random } : undefined,
    );

    const inputTokens = approximateTokens(request.promptText);
    if (request.operation === 'count-tokens') {
      const counted =
        late?.type === 'malformed' ? malformed : dialect.countTokensBody!(inputTokens, request);
      return sendBody(res, 200, baseHeaders, counted, out);
    }
    const limits = context.behavior.limits;
    const admission = context.rateLimits.admit(limits, inputTokens);
    const rateHeaders = capabilities.rateLimitHeaders
      ? (dialect.rateLimitHeaders?.(admission.state) ?? {})
      : {};
    if (!admission.allowed) {
      counters.rateLimited++;
      const per = admission.refusedBy === 'requests' ? 'requests' : 'tokens';
      const limit = per === 'requests' ? limits.requestsPerMinute : limits.tokensPerMinute;
      return sendError(
        429,
        `This request would exceed the rate limit of ${limit} ${per} per minute`,
        { retryAfterMs: Math.ceil(admission.retryAfterMs / 1000) * 1000, headers: rateHeaders },
      );
    }
    const headers = { ...baseHeaders, ...rateHeaders };
    const send: Send = (body) => sendBody(res, 200, headers, body, out);
    if (request.operation === 'embed') return answerEmbed(request, send, late);
    let cached: Partial<SimUsage>;
    try {
      cached = context.promptCache?.use(request) ?? {};
    } catch (error) {
      if (error instanceof SimulatorRequestError) return sendError(error.status, error.message);
      throw error;
    }
    const reply = resolveReply(request, context.behavior.reply, {
      newId: context.newId,
      chunkSize: context.behavior.chunkSize,
      cached,
      capabilities,
      provider: dialect.provider,
    });
    context.rateLimits.spend(reply.usage.outputTokens);
    counters.inputTokens += reply.usage.inputTokens;
    counters.outputTokens += reply.usage.outputTokens;
    if (request.stream) {
      return streamReply(context, res, { request, reply, headers }, late, out, signal);
    }
    return send(late?.type === 'malformed' ? malformed : dialect.responseBody(reply, request));
  };
}
