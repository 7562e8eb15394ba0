import type { IncomingHttpHeaders } from 'node:http';
import { type SimulatorDialect, SimulatorRequestError } from '../simulator/types.js';
import { openaiBatchApi } from './openai-batches.js';
import { parseOpenAIEmbeddingsRequest } from './openai-embeddings-request.js';
import { embeddingsBody } from './openai-embeddings-response.js';
import { openaiErrorBody } from './openai-error-body.js';
import { createOpenAIPromptCache } from './openai-prompt-cache.js';
import { openaiRateLimitHeaders } from './openai-rate-limit-headers.js';
import { parseOpenAIRequest } from './openai-request.js';
import { completionBody, completionChunks } from './openai-response.js';

export interface OpenAIDialectOptions {
  /** Epoch milliseconds, for the `created` field. */
  now?: () => number;
}

const bearerToken = (headers: IncomingHttpHeaders): string | undefined =>
  headers.authorization?.match(/^Bearer\s+(\S+)/i)?.[1];

/**
 * The OpenAI Chat Completions API (`POST /v1/chat/completions`) and Embeddings API
 * (`POST /v1/embeddings`, floats or base64): JSON, server-sent events ending in `data: [DONE]`,
 * `{"error":{…}}` bodies and `x-ratelimit-*` headers, shaped like the recordings in
 * fixtures/recorded/openai. OpenAI has no count-tokens endpoint.
 */
export function createOpenAIDialect(options: OpenAIDialectOptions = {}): SimulatorDialect {
  const { now = Date.now } = options;
  const created = () => Math.floor(now() / 1000);
  return {
    provider: 'openai',
    route(method, url) {
      if (method !== 'POST') return undefined;
      const path = url.pathname.replace(/\/+$/, '');
      if (path === '/v1/chat/completions') return { operation: 'generate', stream: false };
      if (path === '/v1/embeddings') return { operation: 'embed', stream: false };
      return undefined;
    },
    parse: (body, route, headers) =>
      route.operation === 'embed'
        ? parseOpenAIEmbeddingsRequest(body, headers)
        : parseOpenAIRequest(body, headers),
    hasApiKey: (headers) => bearerToken(headers) !== undefined,
    countTokensBody() {
      throw new SimulatorRequestError('OpenAI has no count-tokens endpoint', 404);
    },
    responseBody: (reply) => completionBody(reply, created()),
    embedBody: embeddingsBody,
    streamFrames: (reply, request) => completionChunks(reply, request, created()),
    errorReply: (status, message) => ({ status, body: openaiErrorBody(status, message) }),
    // Mid-stream errors are a `data:` payload with an `error` key; the SDK raises them as APIError.
    streamErrorFrame: (status, message) => ({
      data: JSON.stringify(openaiErrorBody(status, message)),
    }),
    doneFrame: { data: '[DONE]' },
    rateLimitHeaders: openaiRateLimitHeaders,
    overloadedStatus: 503,
    requestIdHeader: 'x-request-id',
    idPrefixes: { response: 'chatcmpl-', toolCall: 'call_', request: 'req_' },
    batchApi: openaiBatchApi,
    createPromptCache: createOpenAIPromptCache,
  };
}

export const openaiDialect: SimulatorDialect = createOpenAIDialect();
