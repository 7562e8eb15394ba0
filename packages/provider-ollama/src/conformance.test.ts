import { runConformanceSuite } from '@llmux/testkit/conformance';
import { createOllama } from './ollama-provider.js';

runConformanceSuite({
  provider: 'ollama',
  modelId: 'llama3.2',
  createModel: ({ baseURL, apiKey, modelId, timeoutMs }) =>
    createOllama({ baseURL, apiKey, timeoutMs })(modelId),
  // A local model: no count-tokens endpoint, no rate-limit headers, no prompt-cache counts in
  // usage, no content filter; it costs nothing.
  free: true,
  capabilities: {
    countTokens: false,
    rateLimitHeaders: false,
    cacheUsage: false,
    contentFilter: false,
  },
  // Ollama has no end-user field; the user stays with the gateway's request log.
  unsentSettings: ['metadata.user'],
  // How Ollama words an input longer than the model's context.
  contextLengthFault: {
    type: 'status',
    status: 400,
    message: 'the input length exceeds the context length',
  },
});
