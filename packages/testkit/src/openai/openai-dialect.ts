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

/** Azure OpenAI's path for one deployment; the API version comes as `?api-version=`. */
const AZURE_CHAT = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/;

/**
 * The OpenAI Chat Completions API (`POST /v1/chat/completions`) and Embeddings API
 * (`POST /v1/embeddings`, floats or base64): JSON, server-sent events ending in `data: [DONE]`,
 * `{"error":{…}}` bodies and `x-ratelimit-*` headers, shaped like the recordings in
 * fixtures/recorded/openai. OpenAI has no count-tokens endpoint. Azure OpenAI's
 * `POST /openai/deployments/{deployment}/chat/completions?api-version=…` with an `api-key`
 * header (the `AzureOpenAI` client's) is served the same way.
 */
export function createOpenAIDialect(options: OpenAIDialectOptions = {}): SimulatorDialect {
  const { now = Date.now } = options;
  const created = () => Math.floor(now() / 1000);
  return {
    provider: 'openai',
    baseURL: (url) => `${url}/v1`,
    // `countTokensBody` only refuses: OpenAI counts tokens client-side, with no endpoint.
    capabilities: { countTokens: false },
    route(method, url) {
      if (method !== 'POST') return undefined;
      const path = url.pathname.replace(/\/+$/, '');
      if (path === '/v1/chat/completions') return { operation: 'generate', stream: false };
      if (path === '/v1/embeddings') return { operation: 'embed', stream: false };
      const azure = AZURE_CHAT.exec(path);
      // Azure answers a call without an api-version as a path it does not have.
      if (!azure || !url.searchParams.get('api-version')) return undefined;
      return { operation: 'generate', stream: false, model: decodeURIComponent(azure[1]!) };
    },
    parse: (body, route, headers) =>
      route.operation === 'embed'
        ? parseOpenAIEmbeddingsRequest(body, headers)
        : parseOpenAIRequest(body, headers, route.model),
    hasApiKey: (headers) => bearerToken(headers) !== undefined || Boolean(headers['api-key']),
    countTokensBody() {
      throw new SimulatorRequestError('OpenAI has no count-tokens endpoint', 404);
    },
    responseBody: (reply, request) => completionBody(reply, created(), request),
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
