import type { IncomingHttpHeaders } from 'node:http';
import type { SimRequest, SimulatorDialect } from '../simulator/types.js';
import { geminiBatchApi } from './gemini-batches.js';
import { parseGeminiEmbedRequest } from './gemini-embed-request.js';
import { embedContentBody } from './gemini-embed-response.js';
import { geminiErrorBody, geminiErrorReply } from './gemini-error-body.js';
import { createGeminiPromptCache } from './gemini-prompt-cache.js';
import { parseGeminiRequest } from './gemini-request.js';
import { countTokensBody, generateContentBody, streamChunks } from './gemini-response.js';

const operations = new Map<string, { operation: SimRequest['operation']; stream: boolean }>([
  ['generateContent', { operation: 'generate', stream: false }],
  ['streamGenerateContent', { operation: 'generate', stream: true }],
  ['countTokens', { operation: 'count-tokens', stream: false }],
  ['embedContent', { operation: 'embed', stream: false }],
  ['batchEmbedContents', { operation: 'embed', stream: false }],
]);

/**
 * `POST /{version}/models/{model}:{method}`. `@google/genai` 3.x calls `v1` by default, older
 * SDKs and the docs `v1beta`, so every version answers the same.
 */
const PATH = /^\/(v1|v1beta|v1alpha)\/models\/([^/:]+):(\w+)$/;

const apiKeyOf = (headers: IncomingHttpHeaders): string | undefined => {
  const value = headers['x-goog-api-key'];
  return (Array.isArray(value) ? value[0] : value) || undefined;
};

/**
 * The Gemini API (`generateContent`, `streamGenerateContent?alt=sse`, `countTokens`,
 * `embedContent`, `batchEmbedContents`): JSON,
 * server-sent events of whole `GenerateContentResponse`s, `google.rpc.Status` error bodies
 * (429s with `RetryInfo`), and no rate-limit headers, as fixtures/recorded/google shows.
 * The key travels in `x-goog-api-key`. Streams are always SSE: the JSON-array form the API
 * sends without `alt=sse` is not simulated.
 */
export const geminiDialect: SimulatorDialect = {
  provider: 'gemini',
  capabilities: { rateLimitHeaders: false },
  route(method, url) {
    const match = url.pathname.match(PATH);
    const operation = operations.get(match?.[3] ?? '');
    if (method !== 'POST' || !match || !operation) return undefined;
    return { ...operation, model: decodeURIComponent(match[2] ?? ''), method: match[3] };
  },
  parse: (body, route, headers) =>
    route.operation === 'embed'
      ? parseGeminiEmbedRequest(body, route, headers)
      : parseGeminiRequest(body, route, headers),
  hasApiKey: (headers) => apiKeyOf(headers) !== undefined,
  countTokensBody: (tokens) => countTokensBody(tokens),
  responseBody: generateContentBody,
  embedBody: embedContentBody,
  streamFrames: streamChunks,
  errorReply: geminiErrorReply,
  retryAfterHeader: false,
  // The API reports a failure after the stream began as one more chunk holding the error body;
  // the SDK raises it as an ApiError with the body's `code`.
  streamErrorFrame: (status, message) => ({
    data: JSON.stringify(geminiErrorBody(status, message)),
  }),
  // Gemini sends no rate-limit headers: limits show only in a 429's body.
  rateLimitHeaders: () => ({}),
  batchApi: geminiBatchApi,
  createPromptCache: createGeminiPromptCache,
};
