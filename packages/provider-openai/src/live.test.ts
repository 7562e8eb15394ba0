import { collectStream, textOf } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { createOpenAI } from './openai-provider.js';

const apiKey = process.env.OPENAI_API_KEY;

describe('live OpenAI API', () => {
  it.skipIf(!apiKey)(
    'streams one real answer with usage, cost and rate limits (skipped without OPENAI_API_KEY)',
    async () => {
      const model = createOpenAI({ apiKey })('gpt-5-mini');
      const response = await collectStream(
        model.stream({
          messages: [{ role: 'user', content: 'Reply with the single word: pong' }],
          maxOutputTokens: 512,
          providerOptions: { openai: { reasoningEffort: 'minimal' } },
        }),
      );
      expect(textOf(response).toLowerCase()).toContain('pong');
      expect(response.finishReason.unified).toBe('stop');
      expect(response.usage.inputTokens).toBeGreaterThan(0);
      expect(response.costUsd).toBeGreaterThan(0);
      expect(response.rateLimits?.requestsLimit).toBeGreaterThan(0);
    },
    60_000,
  );
});
