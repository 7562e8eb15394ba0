import type { GenerateRequest } from './request.js';

/** Characters per token of English text and code for the providers' tokenizers, on average. */
const CHARS_PER_TOKEN = 4;
/** What a provider adds per message for roles and separators. */
const TOKENS_PER_MESSAGE = 4;
/** A rough price of one image in tokens (a ~1 megapixel picture). */
const TOKENS_PER_IMAGE = 1_000;

export const approximateTokens = (text: string): number => Math.ceil(text.length / CHARS_PER_TOKEN);

/** Every text of a request that the provider will tokenise, and how many images it holds. */
export function requestTexts(request: GenerateRequest): { texts: string[]; images: number } {
  const texts: string[] = [];
  let images = 0;
  for (const message of request.messages) {
    if (typeof message.content === 'string') {
      texts.push(message.content);
      continue;
    }
    for (const part of message.content) {
      if (part.type === 'text') texts.push(part.text);
      else if (part.type === 'image') images++;
      else if (part.type === 'tool-call') texts.push(part.toolName, JSON.stringify(part.arguments));
      else texts.push(typeof part.result === 'string' ? part.result : JSON.stringify(part.result));
    }
  }
  for (const tool of request.tools ?? []) {
    texts.push(tool.name, tool.description ?? '', JSON.stringify(tool.parameters));
  }
  if (request.responseFormat?.type === 'json' && request.responseFormat.schema) {
    texts.push(JSON.stringify(request.responseFormat.schema));
  }
  return { texts, images };
}

/** A cheap estimate of a request's input tokens, without a tokenizer. */
export function estimateInputTokens(request: GenerateRequest): number {
  const { texts, images } = requestTexts(request);
  const textTokens = texts.reduce((sum, text) => sum + approximateTokens(text), 0);
  return textTokens + images * TOKENS_PER_IMAGE + request.messages.length * TOKENS_PER_MESSAGE;
}
