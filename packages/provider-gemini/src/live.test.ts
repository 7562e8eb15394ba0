import { collectStream, textOf } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { createGemini } from './gemini-provider.js';

const apiKey = process.env.GEMINI_API_KEY || process.env.GOOGLE_API_KEY;

describe('the real Gemini API', () => {
  it.skipIf(!apiKey)(
    apiKey
      ? 'answers one real call, plain and streamed'
      : 'answers one real call (skipped: GEMINI_API_KEY or GOOGLE_API_KEY is not set)',
    async () => {
      const model = createGemini({ apiKey })('gemini-2.5-flash-lite');
      const request = {
        messages: [{ role: 'user' as const, content: 'Reply with exactly: hello' }],
        maxOutputTokens: 20,
        temperature: 0,
      };
      const response = await model.generate(request);
      expect(textOf(response).toLowerCase()).toContain('hello');
      expect(response.usage.inputTokens).toBeGreaterThan(0);
      expect(response.costUsd).toBeGreaterThan(0);
      const streamed = await collectStream(model.stream(request));
      expect(textOf(streamed).toLowerCase()).toContain('hello');
    },
    30_000,
  );
});
