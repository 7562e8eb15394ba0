import { collectStream, textOf } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { createClaude } from './claude-provider.js';

const apiKey = process.env.ANTHROPIC_API_KEY;
const why = apiKey ? '' : ' (skipped: ANTHROPIC_API_KEY is not set)';

/** One real call each way, billed to the key in ANTHROPIC_API_KEY. */
describe(`live Anthropic API${why}`, () => {
  it.skipIf(!apiKey)(
    'answers a plain call and a stream with usage and cost',
    async () => {
      const model = createClaude({ timeoutMs: 30_000 })('claude-haiku-4-5');
      const request = {
        messages: [{ role: 'user' as const, content: 'Reply with the single word: pong' }],
        maxOutputTokens: 16,
      };
      const response = await model.generate(request);
      expect(textOf(response).toLowerCase()).toContain('pong');
      expect(response.usage.inputTokens).toBeGreaterThan(0);
      expect(response.costUsd).toBeGreaterThan(0);
      expect(response.rateLimits?.requestsLimit).toBeGreaterThan(0);
      const streamed = await collectStream(model.stream(request));
      expect(textOf(streamed).toLowerCase()).toContain('pong');
    },
    60_000,
  );
});
