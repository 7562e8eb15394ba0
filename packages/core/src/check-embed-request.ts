import type { EmbedRequest } from './embedding-model.js';
import { LlmuxError } from './errors.js';

const invalid = (message: string, provider?: string) =>
  new LlmuxError({ kind: 'invalid_request', message, provider });

const inputTypes = ['query', 'document'];

/**
 * Checks what an embedding model is asked, naming the field of the first bad value: `inputs` must
 * be a non-empty array of non-empty strings (the providers refuse an empty text), `dimensions` a
 * positive integer, `inputType` `query` or `document`. `provider` goes on the error.
 */
export function checkEmbedRequest(request: EmbedRequest, provider?: string): void {
  if (typeof request !== 'object' || request === null) {
    throw invalid('The embed request must be an object', provider);
  }
  const { inputs, dimensions, inputType } = request;
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw invalid('request.inputs must be a non-empty array of strings', provider);
  }
  inputs.forEach((input, index) => {
    if (typeof input !== 'string' || input === '') {
      throw invalid(
        `request.inputs[${index}] must be a non-empty string, got ${typeof input === 'string' ? 'an empty string' : typeof input}`,
        provider,
      );
    }
  });
  if (dimensions !== undefined && !(Number.isInteger(dimensions) && dimensions > 0)) {
    throw invalid(
      `request.dimensions must be a positive integer, got ${String(dimensions)}`,
      provider,
    );
  }
  if (inputType !== undefined && !inputTypes.includes(inputType)) {
    throw invalid(
      `request.inputType must be "query" or "document", got ${JSON.stringify(inputType)}`,
      provider,
    );
  }
}
