import { createTokenCounter, type Encoder, type GenerateRequest } from '@llmux/core';

/** js-tiktoken's o200k_base encoder; its 2 MB of ranks are read only when this is called. */
const loadO200kBase = async (): Promise<Encoder> => {
  const [{ Tiktoken }, { default: ranks }] = await Promise.all([
    import('js-tiktoken/lite'),
    import('js-tiktoken/ranks/o200k_base'),
  ]);
  return new Tiktoken(ranks);
};

/**
 * Counts under o200k_base, the encoding of OpenAI's GPT-4o, GPT-4.1, GPT-4.5, GPT-5 and o-series
 * models: exact for those, a close estimate for Claude and Gemini (whose adapters count exactly
 * through their count-tokens endpoints). The tokenizer is loaded on first use (about half a
 * second) and kept.
 */
export const o200kBase = createTokenCounter({ name: 'o200k_base', load: loadO200kBase });

/** Tokens in a text under o200k_base. */
export const countTokens = (text: string): Promise<number> => o200kBase.countTokens(text);

/**
 * A request's input tokens with its texts counted under o200k_base; images and the per-message
 * framing get the same fixed allowances as core's `estimateInputTokens`.
 */
export const countRequestTokens = (request: GenerateRequest): Promise<number> =>
  o200kBase.countRequestTokens(request);
