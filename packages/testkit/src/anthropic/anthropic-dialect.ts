import type { SimulatorDialect } from '../simulator/types.js';
import { anthropicBatchApi } from './anthropic-batches.js';
import {
  anthropicErrorReply,
  anthropicRateLimitHeaders,
  anthropicStreamErrorFrame,
} from './anthropic-errors.js';
import { createAnthropicPromptCache } from './anthropic-prompt-cache.js';
import { anthropicMessage, anthropicStreamFrames } from './anthropic-response.js';
import { parseAnthropicRequest } from './parse-anthropic-request.js';

/** The Anthropic Messages API: `POST /v1/messages` and `POST /v1/messages/count_tokens`. */
export const anthropicDialect: SimulatorDialect = {
  provider: 'anthropic',
  route(method, url) {
    if (method !== 'POST') return undefined;
    if (url.pathname === '/v1/messages') return { operation: 'generate', stream: false };
    if (url.pathname === '/v1/messages/count_tokens') {
      return { operation: 'count-tokens', stream: false };
    }
    return undefined;
  },
  parse: parseAnthropicRequest,
  hasApiKey: (headers) => Boolean(headers['x-api-key'] || headers.authorization),
  countTokensBody: (tokens) => ({ input_tokens: tokens }),
  responseBody: anthropicMessage,
  streamFrames: anthropicStreamFrames,
  errorReply: anthropicErrorReply,
  streamErrorFrame: anthropicStreamErrorFrame,
  rateLimitHeaders: anthropicRateLimitHeaders,
  overloadedStatus: 529,
  requestIdHeader: 'request-id',
  idPrefixes: { response: 'msg_', toolCall: 'toolu_', request: 'req_' },
  createPromptCache: createAnthropicPromptCache,
  batchApi: anthropicBatchApi,
};
