import { LlmuxError } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { createClaude } from './claude-provider.js';

describe("Claude's provider and embeddings", () => {
  it('says at once that Anthropic has no embeddings API, with a typed error', () => {
    const claude = createClaude({ apiKey: 'sk-test' });
    let thrown: unknown;
    try {
      claude.embedding('voyage-3');
    } catch (error) {
      thrown = error;
    }
    expect(LlmuxError.isInstance(thrown)).toBe(true);
    expect(thrown).toMatchObject({
      kind: 'invalid_request',
      provider: 'anthropic',
      model: 'voyage-3',
      message: expect.stringContaining('Anthropic has no embeddings API'),
    });
  });
});
