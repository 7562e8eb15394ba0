import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { SimulatorContext } from './context.js';
import type { SendError } from './early-faults.js';
import { defaultErrorMessage } from './faults.js';
import { readBytes, sendBody } from './http-io.js';
import { SimulatorRequestError } from './types.js';

/** A call to a Files or Batches endpoint. */
export interface BatchCall {
  url: URL;
  headers: IncomingHttpHeaders;
  /** The raw body: JSON, JSONL, multipart or file bytes. */
  body: Buffer;
  /** `http://host:port` as the client reached the simulator, for the URLs an answer carries. */
  origin: string;
  context: SimulatorContext;
}

export interface BatchAnswer {
  /** Default 200. */
  status?: number;
  /** JSON-encoded unless a string or bytes, which go as they are. */
  body: unknown;
  headers?: Record<string, string>;
}

/** Answers a batch call, or throws `SimulatorRequestError` for the provider's error reply. */
export type BatchHandler = (call: BatchCall) => BatchAnswer | Promise<BatchAnswer>;

/** A provider's batch and file endpoints, as a dialect offers them. */
export interface BatchApi {
  /** The handler of a method and path, or undefined when they are not a batch endpoint. */
  route(method: string, url: URL): BatchHandler | undefined;
}

/**
 * Answers a Files or Batches call. The key check and the outage switch apply as to any call;
 * latency, faults and rate limits are the generate calls' and do not.
 */
export async function answerBatchCall(
  handler: BatchHandler,
  context: SimulatorContext,
  call: {
    req: IncomingMessage;
    res: ServerResponse;
    url: URL;
    sendError: SendError;
    headers: Record<string, string>;
  },
): Promise<void> {
  const { behavior, dialect } = context;
  const { req, sendError } = call;
  const body = await readBytes(req);
  if (behavior.requireApiKey && !dialect.hasApiKey(req.headers)) {
    return sendError(401, defaultErrorMessage(401));
  }
  if (behavior.outage) {
    const status = dialect.overloadedStatus ?? 503;
    context.counters.faults++;
    return sendError(status, defaultErrorMessage(status));
  }
  let answer: BatchAnswer;
  try {
    answer = await handler({
      url: call.url,
      headers: req.headers,
      body,
      origin: `http://${req.headers.host ?? '127.0.0.1'}`,
      context,
    });
  } catch (error) {
    if (error instanceof SyntaxError) return sendError(400, 'The request body is not valid JSON');
    if (error instanceof SimulatorRequestError) return sendError(error.status, error.message);
    throw error;
  }
  sendBody(call.res, answer.status ?? 200, { ...call.headers, ...answer.headers }, answer.body);
}
