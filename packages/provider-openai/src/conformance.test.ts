import { runConformanceSuite } from '@llmux/testkit/conformance';
import { openaiTokenizer } from '@llmux/tokenizer-tiktoken';
import { createOpenAI } from './openai-provider.js';

runConformanceSuite({
  provider: 'openai',
  modelId: 'gpt-5-mini',
  createModel: ({ baseURL, apiKey, modelId, timeoutMs }) =>
    createOpenAI({ baseURL, apiKey, timeoutMs, tokenizer: openaiTokenizer })(modelId),
});
