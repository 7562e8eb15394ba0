import { type GenerateRequest, type LanguageModel, LlmuxError } from '@llmux/core';
import { countRequestTokens } from '@llmux/tokenizer-tiktoken';
import { describe, expect, it } from 'vitest';
import { createInputTokenCounter } from './count-input-tokens.js';

const request: GenerateRequest = { messages: [{ role: 'user', content: 'Is checkout up?' }] };
const plan = {
  reason: 'r',
  candidates: [{ provider: 'anthropic', model: 'claude', reason: 'first' }],
};

const counting = (count: () => Promise<number>): LanguageModel => ({
  provider: 'anthropic',
  modelId: 'claude',
  generate: () => Promise.reject(new Error('unused')),
  stream: () => {
    throw new Error('unused');
  },
  countTokens: count,
});

const counter = (model: LanguageModel, planOf = async () => plan) =>
  createInputTokenCounter({ adapters: new Map([['anthropic/claude', model]]), plan: planOf });

describe('createInputTokenCounter', () => {
  it("counts with the planned model's own count, else estimates", async () => {
    expect(await counter(counting(async () => 42))(request)).toEqual({
      inputTokens: 42,
      exact: true,
      provider: 'anthropic',
      model: 'claude',
    });
    const estimate = await countRequestTokens(request);
    const down = counting(() =>
      Promise.reject(new LlmuxError({ kind: 'overloaded', message: 'busy' })),
    );
    expect(await counter(down)(request)).toEqual({
      inputTokens: estimate,
      exact: false,
      provider: 'anthropic',
      model: 'claude',
    });
    const refused = async () => {
      throw new LlmuxError({ kind: 'budget_exceeded', message: 'spent' });
    };
    expect(
      await counter(
        counting(async () => 42),
        refused,
      )(request),
    ).toEqual({
      inputTokens: estimate,
      exact: false,
    });
  });

  it('passes on a refusal of the request itself', async () => {
    const invalid = counting(() =>
      Promise.reject(new LlmuxError({ kind: 'invalid_request', message: 'bad' })),
    );
    await expect(counter(invalid)(request)).rejects.toMatchObject({ kind: 'invalid_request' });
  });
});
