import { describe, expect, it } from 'vitest';
import { embedInBatches } from './embed-in-batches.js';

const options = { maxPerCall: 2, provider: 'gemini', model: 'gemini-embedding-001', dimensions: 1 };

describe('embedInBatches', () => {
  it('calls in batches of at most maxPerCall and joins the vectors in input order', async () => {
    const calls: string[][] = [];
    const result = await embedInBatches(
      ['a', 'bb', 'ccc', 'dddd', 'eeeee'],
      options,
      async (batch) => {
        calls.push(batch);
        return {
          embeddings: batch.map((text) => [text.length]),
          inputTokens: batch.length,
          rateLimits: { requestsRemaining: 10 - calls.length },
        };
      },
    );
    expect(calls).toEqual([['a', 'bb'], ['ccc', 'dddd'], ['eeeee']]);
    expect(result).toEqual({
      embeddings: [[1], [2], [3], [4], [5]],
      inputTokens: 5,
      warnings: [],
      rateLimits: { requestsRemaining: 7 },
    });
  });

  it('estimates the tokens, with a warning, when a call did not report them', async () => {
    const result = await embedInBatches(['a', 'b', 'c'.repeat(9)], options, async (batch) => ({
      embeddings: batch.map(() => [0]),
      ...(batch[0] === 'a' && { inputTokens: 20 }),
    }));
    expect(result.inputTokens).toBe(1 + 1 + 3);
    expect(result.warnings).toEqual([
      {
        type: 'other',
        message:
          'gemini:gemini-embedding-001 reported no token count: usage.inputTokens is estimated',
      },
    ]);
  });

  it.each([
    [[[1]], 'answered 1 embeddings for 2 inputs'],
    [[[1], [1, 2]], 'answered input 1 with 2 values, not 1'],
    [[[1], ['x']], 'answered input 1 with something other than a vector of numbers'],
  ])('fails as a server_error rather than misalign vectors: %j', async (embeddings, message) => {
    await expect(
      embedInBatches(['a', 'b'], options, async () => ({ embeddings: embeddings as number[][] })),
    ).rejects.toMatchObject({
      kind: 'server_error',
      provider: 'gemini',
      message: `gemini:gemini-embedding-001 ${message}`,
    });
  });
});
