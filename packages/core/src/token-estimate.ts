import { LlmuxError } from './errors.js';
import type { GenerateRequest } from './request.js';

/** Characters per token of English text and code for the providers' tokenizers, on average. */
const CHARS_PER_TOKEN = 4;
/** What a provider adds per message for roles and separators. */
const TOKENS_PER_MESSAGE = 4;
/** A rough price of one image in tokens (a ~1 megapixel picture). */
const TOKENS_PER_IMAGE = 1_000;

export const approximateTokens = (text: string): number => Math.ceil(text.length / CHARS_PER_TOKEN);

/** JSON as the provider will see it; `undefined` (no arguments) is no text at all. */
const jsonText = (value: unknown): string => JSON.stringify(value) ?? '';

/** Every text of a request that the provider will tokenise, and how many images it holds. */
export function requestTexts(request: GenerateRequest): { texts: string[]; images: number } {
  if (!Array.isArray(request?.messages)) {
    throw new LlmuxError({ kind: 'invalid_request', message: 'request.messages must be an array' });
  }
  const texts: string[] = [];
  let images = 0;
  request.messages.forEach((message, index) => {
    const content = message?.content;
    if (typeof content === 'string') {
      texts.push(content);
      return;
    }
    if (!Array.isArray(content)) {
      throw new LlmuxError({
        kind: 'invalid_request',
        message: `request.messages[${index}].content must be a string or an array of parts`,
      });
    }
    for (const part of content) {
      if (part.type === 'text') texts.push(part.text);
      else if (part.type === 'image') images++;
      else if (part.type === 'tool-call') texts.push(part.toolName, jsonText(part.arguments));
      else if (part.type === 'reasoning') texts.push(part.text);
      else texts.push(typeof part.result === 'string' ? part.result : jsonText(part.result));
    }
  });
  for (const tool of request.tools ?? []) {
    texts.push(tool.name, tool.description ?? '', jsonText(tool.parameters));
  }
  if (request.responseFormat?.type === 'json' && request.responseFormat.schema) {
    texts.push(jsonText(request.responseFormat.schema));
  }
  return { texts, images };
}

/**
 * A request's input tokens: its texts as `countText` counts them, plus a fixed allowance per
 * image and per message for what the provider wraps around them.
 */
export function tallyInputTokens(
  request: GenerateRequest,
  countText: (text: string) => number,
): number {
  const { texts, images } = requestTexts(request);
  const textTokens = texts.reduce((sum, text) => sum + countText(text), 0);
  return textTokens + images * TOKENS_PER_IMAGE + request.messages.length * TOKENS_PER_MESSAGE;
}

/** A cheap estimate of a request's input tokens, without a tokenizer. */
export const estimateInputTokens = (request: GenerateRequest): number =>
  tallyInputTokens(request, approximateTokens);
