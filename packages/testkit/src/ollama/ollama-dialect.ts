import type { IncomingHttpHeaders } from 'node:http';
import { ndjsonFraming } from '../simulator/framing.js';
import type { SimulatorDialect } from '../simulator/types.js';
import { parseOllamaEmbedRequest } from './ollama-embed-request.js';
import { parseOllamaChatRequest } from './ollama-request.js';
import { ollamaChatBody, ollamaChatChunks, ollamaEmbedBody } from './ollama-response.js';

export interface OllamaDialectOptions {
  /** Epoch milliseconds, for the `created_at` field. */
  now?: () => number;
}

const hasBearer = (headers: IncomingHttpHeaders): boolean =>
  /^Bearer\s+\S+/i.test(headers.authorization ?? '');

/** Ollama's error body: `{"error": "…"}`, the same before a stream and as a line in one. */
const errorBody = (message: string) => ({ error: message });

/**
 * Ollama's native API: `POST /api/chat` (streamed as NDJSON unless `"stream": false`) and
 * `POST /api/embed`. Errors are `{"error":"…"}`, before a stream and as its last line. A local
 * server wants no key; one behind a proxy, or Ollama's cloud, takes `Authorization: Bearer`.
 * There is no count-tokens endpoint, no batch API, no rate-limit headers, no prompt-cache
 * counts in usage and no content filter.
 */
export function createOllamaDialect(options: OllamaDialectOptions = {}): SimulatorDialect {
  const { now = Date.now } = options;
  const createdAt = () => new Date(now()).toISOString();
  return {
    provider: 'ollama',
    framing: ndjsonFraming,
    capabilities: { promptCacheUsage: false, contentFilter: false },
    route(method, url) {
      if (method !== 'POST') return undefined;
      const path = url.pathname.replace(/\/+$/, '');
      if (path === '/api/chat') return { operation: 'generate', stream: false };
      if (path === '/api/embed') return { operation: 'embed', stream: false };
      return undefined;
    },
    parse: (body, route, headers) =>
      route.operation === 'embed'
        ? parseOllamaEmbedRequest(body, headers)
        : parseOllamaChatRequest(body, headers),
    hasApiKey: hasBearer,
    responseBody: (reply, request) => ollamaChatBody(reply, request, createdAt()),
    embedBody: ollamaEmbedBody,
    streamFrames: (reply, request) => ollamaChatChunks(reply, request, createdAt()),
    errorReply: (status, message) => ({ status, body: errorBody(message) }),
    streamErrorFrame: (_status, message) => ({ data: JSON.stringify(errorBody(message)) }),
    overloadedStatus: 503,
    idPrefixes: { toolCall: 'call_' },
  };
}

export const ollamaDialect: SimulatorDialect = createOllamaDialect();
