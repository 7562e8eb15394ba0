import { approximateTokens, type Usage } from '@llmux/core';
import type { OllamaChatChunk } from './ollama-wire.js';

/**
 * Ollama's counts as core `Usage`: `prompt_eval_count` is the input (the prompt tokens Ollama
 * evaluated: a prefix it reused from its cache is not counted, and a call served wholly from it
 * reports none), `eval_count` the output, thinking included. Ollama reports no reasoning count
 * apart, so `reasoningTokens` is the thinking text's estimate (core's `approximateTokens`), at
 * most the output. No prompt-cache counts.
 */
export function mapOllamaUsage(chunk: OllamaChatChunk, thinking: string): Usage {
  const outputTokens = chunk.eval_count ?? 0;
  return {
    inputTokens: chunk.prompt_eval_count ?? 0,
    outputTokens,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: thinking === '' ? 0 : Math.min(outputTokens, approximateTokens(thinking)),
  };
}
