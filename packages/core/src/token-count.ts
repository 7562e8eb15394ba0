import { LlmuxError } from './errors.js';
import type { GenerateRequest } from './request.js';
import { tallyInputTokens } from './token-estimate.js';

/** A tokenizer's encoder, as js-tiktoken's `Tiktoken` has it. */
export interface Encoder {
  encode(text: string, allowedSpecial?: string[], disallowedSpecial?: string[]): number[];
}

/** Exact token counts under one encoding. */
export interface TokenCounter {
  countTokens(text: string): Promise<number>;
  /**
   * A request's input tokens: its texts counted exactly, plus the same fixed allowances for
   * images and message framing as `estimateInputTokens`.
   */
  countRequestTokens(request: GenerateRequest): Promise<number>;
}

export interface TokenCounterOptions {
  /** The encoding's name, for the error a failed load is: `o200k_base`. */
  name: string;
  /** Loads the encoder; called on first use, so a large table is read only when needed. */
  load: () => Promise<Encoder>;
}

/**
 * A counter that loads its encoder once, on first use; a failed load is a `server_error` and is
 * tried again on the next call. `@llmux/tokenizer-tiktoken` makes OpenAI's encodings with it.
 */
export function createTokenCounter({ name, load }: TokenCounterOptions): TokenCounter {
  let encoder: Promise<Encoder> | undefined;
  const getEncoder = () => {
    encoder ??= load().catch((error: unknown) => {
      encoder = undefined;
      throw new LlmuxError({
        kind: 'server_error',
        message: `The ${name} tokenizer could not be loaded`,
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
