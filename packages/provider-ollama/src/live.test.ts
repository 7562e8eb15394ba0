import { collectStream, textOf } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { createOllama } from './ollama-provider.js';

/** A model pulled on the Ollama server at OLLAMA_HOST (default 127.0.0.1:11434), e.g. llama3.2. */
const liveModel = process.env.OLLAMA_LIVE_MODEL;

describe('live Ollama server', () => {
  it.skipIf(!liveModel)(
    'streams one real answer with usage (skipped without OLLAMA_LIVE_MODEL)',
    async () => {
      const model = createOllama()(liveModel!);
      const response = await collectStream(
        model.stream({
          messages: [{ role: 'user', content: 'Reply with the single word: pong' }],
          maxOutputTokens: 64,
          temperature: 0,
        }),
      );
      expect(textOf(response).toLowerCase()).toContain('pong');
      expect(response.usage.outputTokens).toBeGreaterThan(0);
      expect(response.costUsd).toBe(0);
    },
    120_000,
  );
});
