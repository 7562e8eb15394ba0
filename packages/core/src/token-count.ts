import { LlmuxError } from './errors.js';
import type { GenerateRequest } from './request.js';
import { tallyInputTokens } from './token-estimate.js';

export interface Encoder {
  encode(text: string, allowedSpecial?: string[], disallowedSpecial?: string[]): number[];
}

/** Loads js-tiktoken's o200k_base encoder; its 2 MB of ranks are only read on first use. */
const loadO200kBase = async (): Promise<Encoder> => {
  const [{ Tiktoken }, { default: ranks }] = await Promise.all([
    import('js-tiktoken/lite'),
    import('js-tiktoken/ranks/o200k_base'),
  ]);
  return new Tiktoken(ranks);
};

export interface TokenCounter {
  countTokens(text: string): Promise<number>;
  countRequestTokens(request: GenerateRequest): Promise<number>;
}

/** A counter that loads its encoder once, on first use; a failed load is retried next time. */
export function createTokenCounter(load: () => Promise<Encoder> = loadO200kBase): TokenCounter {
  let encoder: Promise<Encoder> | undefined;
  const getEncoder = () => {
    encoder ??= load().catch((error: unknown) => {
      encoder = undefined;
      throw new LlmuxError({
        kind: 'server_error',
        message: 'The o200k_base tokenizer could not be loaded',
        cause: error,
      });
    });
    return encoder;
  };
  // Special-token markers such as `<|endoftext|>` in user text are counted as plain text.
  const count = (loaded: Encoder) => (text: string) => loaded.encode(text, [], []).length;

  return {
    async countTokens(text) {
      if (typeof text !== 'string') {
        throw new LlmuxError({ kind: 'invalid_request', message: 'countTokens takes a string' });
      }
      return count(await getEncoder())(text);
    },
    async countRequestTokens(request) {
      return tallyInputTokens(request, count(await getEncoder()));
    },
  };
}

const shared = createTokenCounter();

/**
 * Tokens in a text under o200k_base, the encoding of OpenAI's GPT-4o, GPT-4.1 and GPT-5
 * families: exact for those models, a close estimate for Claude and Gemini, whose adapters
 * give exact counts through their count-tokens endpoints (`LanguageModel.countTokens`).
 * The tokenizer is loaded on the first call (about half a second) and kept.
 */
export const countTokens = (text: string): Promise<number> => shared.countTokens(text);

/**
 * A request's input tokens with its texts counted by `countTokens`; images and the per-message
 * framing get the same fixed allowances as `estimateInputTokens`.
 */
export const countRequestTokens = (request: GenerateRequest): Promise<number> =>
  shared.countRequestTokens(request);
