import type { IncomingHttpHeaders } from 'node:http';
import { approximateTokens } from '@llmux/core';
import { isObject } from '../simulator/is-object.js';
import { type SimRequest, SimulatorRequestError } from '../simulator/types.js';

type Json = Record<string, unknown>;

const invalid = (message: string) => new SimulatorRequestError(message, 400);

/** The API's answer to an `input` its schema refuses (an empty text, a wrong type). */
const invalidInput = () =>
  invalid(
    `'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.`,
  );

/** Inputs per request, and tokens per input, the API accepts. */
export const OPENAI_MAX_EMBED_INPUTS = 2048;
const MAX_INPUT_TOKENS = 8192;

/** The sizes OpenAI's embedding models make, and whether they can be shortened (`dimensions`). */
const models: Record<string, { dimensions: number; shortens: boolean }> = {
  'text-embedding-3-small': { dimensions: 1536, shortens: true },
  'text-embedding-3-large': { dimensions: 3072, shortens: true },
  'text-embedding-ada-002': { dimensions: 1536, shortens: false },
};

/** Each input as text: a string, or a token array (embedded as its tokens' numbers). */
function textsOf(input: unknown): string[] {
  const list = typeof input === 'string' || !Array.isArray(input) ? [input] : input;
  if (list.length === 0) throw invalidInput();
  if (list.length > OPENAI_MAX_EMBED_INPUTS) {
    throw invalid(
      `'$.input' is invalid: array length must be ${OPENAI_MAX_EMBED_INPUTS} or less. Please check the API reference: https://platform.openai.com/docs/api-reference.`,
    );
  }
  // One array of numbers is one input of tokens, not many inputs.
  const inputs = list.every((item) => typeof item === 'number') ? [list] : list;
  return inputs.map((item) => {
    if (typeof item === 'string' && item !== '') return item;
    if (Array.isArray(item) && item.length > 0 && item.every(Number.isInteger)) {
      return item.join(' ');
    }
    throw invalidInput();
  });
}

function dimensionsOf(body: Json, model: string): number {
  const known = models[model] ?? { dimensions: 1536, shortens: true };
  const { dimensions } = body;
  if (dimensions === undefined || dimensions === null) return known.dimensions;
  if (!known.shortens) throw invalid('This model does not support specifying dimensions.');
  if (typeof dimensions !== 'number' || !Number.isInteger(dimensions) || dimensions < 1) {
    throw invalid(
      `Invalid value for 'dimensions': expected an integer of at least 1, got ${JSON.stringify(dimensions)}.`,
    );
  }
  if (dimensions > known.dimensions) {
    throw invalid(
      `Invalid value for 'dimensions' = ${dimensions}. Must be less than or equal to ${known.dimensions}.`,
    );
  }
  return dimensions;
}

/** Reads a `POST /v1/embeddings` body, refusing what the real API refuses, with its wording. */
export function parseOpenAIEmbeddingsRequest(
  body: unknown,
  headers: IncomingHttpHeaders,
): SimRequest {
  if (!isObject(body)) throw invalid(`Invalid type for 'body': expected an object.`);
  if (typeof body.model !== 'string' || body.model === '') {
    throw invalid('you must provide a model parameter');
  }
  if (body.input === undefined) throw invalid(`Missing required parameter: 'input'.`);
  const format = body.encoding_format;
  if (format !== undefined && format !== null && format !== 'float' && format !== 'base64') {
    throw invalid(
      `Invalid value for 'encoding_format': expected one of 'float' or 'base64', got ${JSON.stringify(format)}.`,
    );
  }
  const inputs = textsOf(body.input);
  const dimensions = dimensionsOf(body, body.model);
  const longest = Math.max(...inputs.map(approximateTokens));
  if (longest > MAX_INPUT_TOKENS) {
    throw invalid(
      `This model's maximum context length is ${MAX_INPUT_TOKENS} tokens, however you requested ${longest} tokens (${longest} in your prompt; 0 for the completion). Please reduce your prompt; or completion length.`,
    );
  }
  return {
    operation: 'embed',
    model: body.model,
    stream: false,
    promptText: inputs.join('\n'),
    lastUserText: inputs.at(-1) ?? '',
    toolNames: [],
    includeUsage: true,
    embedInputs: inputs.map((text) => ({ text, dimensions })),
    body,
    headers,
  };
}
