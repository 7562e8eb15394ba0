import type { TokenLogprob } from '@llmux/core';
import type { ChatCompletionTokenLogprob } from 'openai/resources/chat/completions';

/** `logprobs.content` of a choice (or a chunk's choice) as core's token logprobs. */
export function mapOpenAILogprobs(
  logprobs: { content?: ChatCompletionTokenLogprob[] | null } | null | undefined,
): TokenLogprob[] | undefined {
  const content = logprobs?.content;
  if (!content) return undefined;
  return content.map((entry) => ({
    token: entry.token,
    logprob: entry.logprob,
    ...(entry.top_logprobs?.length
      ? { top: entry.top_logprobs.map(({ token, logprob }) => ({ token, logprob })) }
      : {}),
  }));
}
