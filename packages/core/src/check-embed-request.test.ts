import { describe, expect, it } from 'vitest';
import { checkEmbedRequest } from './check-embed-request.js';
import type { EmbedRequest } from './embedding-model.js';

const refusal = (request: unknown) => {
  try {
    checkEmbedRequest(request as EmbedRequest, 'openai');
  } catch (error) {
    return error as { kind: string; message: string; provider?: string };
  }
  throw new Error('accepted');
};

describe('checkEmbedRequest', () => {
  it('accepts texts, a size and an input type', () => {
    expect(() =>
      checkEmbedRequest({ inputs: ['a', 'b'], dimensions: 256, inputType: 'query' }),
    ).not.toThrow();
  });

  it.each([
    [{}, 'request.inputs must be a non-empty array'],
    [{ inputs: [] }, 'request.inputs must be a non-empty array'],
    [{ inputs: ['a', ''] }, 'request.inputs[1] must be a non-empty string, got an empty string'],
    [{ inputs: ['a', 3] }, 'request.inputs[1] must be a non-empty string, got number'],
    [{ inputs: ['a'], dimensions: 0 }, 'request.dimensions must be a positive integer, got 0'],
    [{ inputs: ['a'], dimensions: 1.5 }, 'request.dimensions must be a positive integer'],
    [{ inputs: ['a'], inputType: 'code' }, 'request.inputType must be "query" or "document"'],
    [null, 'The embed request must be an object'],
  ])('refuses %j naming the field', (request, message) => {
    const error = refusal(request);
    expect(error).toMatchObject({ kind: 'invalid_request', provider: 'openai' });
    expect(error.message).toContain(message);
  });
});
