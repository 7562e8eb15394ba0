import { runConformanceSuite } from '@llmux/testkit/conformance';
import { createClaude } from './claude-provider.js';

runConformanceSuite({
  provider: 'anthropic',
  modelId: 'claude-haiku-4-5',
  createModel: ({ baseURL, apiKey, modelId, timeoutMs }) =>
    createClaude({ baseURL, apiKey, timeoutMs })(modelId),
});
