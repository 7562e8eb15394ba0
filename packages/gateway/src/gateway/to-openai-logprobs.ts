import type { TokenLogprob } from '@llmux/core';

/** A token's UTF-8 bytes, as OpenAI gives them (core keeps the token text only). */
const bytesOf = (token: string) => [...Buffer.from(token, 'utf8')];

/**
 * Core's per-token log probabilities as a choice's OpenAI `logprobs`: `{ content: [{ token,
 * logprob, bytes, top_logprobs }], refusal: null }`; `null` when the answer came without them.
 */
export function toOpenAILogprobs(logprobs: TokenLogprob[] | undefined) {
  if (!logprobs) return null;
  return {
    content: logprobs.map((entry) => ({
      token: entry.token,
      logprob: entry.logprob,
      bytes: bytesOf(entry.token),
      top_logprobs: (entry.top ?? []).map((alternative) => ({
        token: alternative.token,
        logprob: alternative.logprob,
        bytes: bytesOf(alternative.token),
      })),
    })),
    refusal: null,
  };
}
