import type { TokenCounter } from '@llmux/core';
import { o200kBase } from './o200k-base.js';

/** The OpenAI model families whose encoding is o200k_base. */
const o200kModels = /^(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-([5-9]|\d{2})|o\d)/;

/**
 * The exact counter of an OpenAI model, or none for a model it is not exact for (GPT-4 and
 * GPT-3.5 use cl100k_base; another vendor's models their own). Give it to the OpenAI provider:
 * `createOpenAI({ tokenizer: openaiTokenizer })`.
 */
export const openaiTokenizer = (modelId: string): TokenCounter | undefined =>
  o200kModels.test(modelId) ? o200kBase : undefined;
