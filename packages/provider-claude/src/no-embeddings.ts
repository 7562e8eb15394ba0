import { LlmuxError } from '@llmux/core';

/**
 * Anthropic has no embeddings API (its documentation points to Voyage AI): asking Claude's
 * provider for an embedding model is a configuration error, said at once, never a model that
 * fails later.
 */
export const noEmbeddings = (modelId: string): never => {
  throw new LlmuxError({
    kind: 'invalid_request',
    message: `Anthropic has no embeddings API, so there is no Claude embedding model "${modelId}": embed with createOpenAI().embedding() or createGemini().embedding() (or Voyage AI, which Anthropic recommends)`,
    provider: 'anthropic',
    model: modelId,
  });
};
