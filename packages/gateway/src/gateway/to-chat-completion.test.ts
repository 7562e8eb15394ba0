import { emptyUsage, type GenerateResponse } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { llmuxSummary } from './llmux-summary.js';
import { toChatCompletion } from './to-chat-completion.js';

const response: GenerateResponse = {
  id: 'x',
  provider: 'openai',
  model: 'gpt-5',
  content: [
    { type: 'reasoning', text: 'The user asks about checkout.' },
    { type: 'text', text: 'Up' },
  ],
  logprobs: [{ token: 'Up', logprob: -0.02 }],
  finishReason: { unified: 'stop' },
  usage: { ...emptyUsage(), inputTokens: 9, outputTokens: 30, reasoningTokens: 28 },
  costUsd: 0.001,
  latencyMs: 10,
  warnings: [],
  trace: { attempts: [] },
};

const choiceOf = (body: ReturnType<typeof toChatCompletion>) => body.choices[0]!;

describe('toChatCompletion', () => {
  it('answers the reasoning as reasoning_content and the logprobs per token', () => {
    const body = toChatCompletion(response, llmuxSummary('r', response), 1);
    expect(choiceOf(body)).toEqual({
      index: 0,
      message: {
        role: 'assistant',
        content: 'Up',
        refusal: null,
        reasoning_content: 'The user asks about checkout.',
      },
      logprobs: {
        content: [{ token: 'Up', logprob: -0.02, bytes: [85, 112], top_logprobs: [] }],
        refusal: null,
      },
      finish_reason: 'stop',
    });
  });

  it('has no reasoning_content without reasoning, and null logprobs without logprobs', () => {
    const plain = { ...response, content: [{ type: 'text' as const, text: 'Up' }] };
    delete plain.logprobs;
    const choice = choiceOf(toChatCompletion(plain, llmuxSummary('r', plain), 1));
    expect(choice.message).not.toHaveProperty('reasoning_content');
    expect(choice.logprobs).toBeNull();
  });
});
