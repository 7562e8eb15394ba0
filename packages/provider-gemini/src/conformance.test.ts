import { runConformanceSuite } from '@llmux/testkit/conformance';
import { createGemini } from './gemini-provider.js';

runConformanceSuite({
  provider: 'gemini',
  modelId: 'gemini-2.5-flash',
  createModel: ({ baseURL, apiKey, modelId, timeoutMs }) =>
    createGemini({ baseURL, apiKey, timeoutMs })(modelId),
  // Gemini reports limits only in a 429's body, never in headers.
  capabilities: { rateLimitHeaders: false },
  // Gemini has no end-user field; the user stays with the gateway's request log.
  unsentSettings: ['metadata.user'],
});
