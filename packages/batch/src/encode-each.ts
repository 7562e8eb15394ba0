import { type GenerateRequest, type LlmuxError, toLlmuxError } from '@llmux/core';

/**
 * Each request as a batch line (by `encode`), by index; a request the provider's adapter
 * refuses to build is kept apart, as its error, and the others go.
 */
export async function encodeEach<T>(
  requests: GenerateRequest[],
  encode: (request: GenerateRequest, index: number) => Promise<T>,
  where: { provider: string; model: string },
): Promise<{ lines: T[]; refused: Array<LlmuxError | undefined> }> {
  const refused: Array<LlmuxError | undefined> = [];
  const encoded: Array<T | undefined> = [];
  await Promise.all(
    requests.map(async (request, index) => {
      try {
        encoded[index] = await encode(request, index);
      } catch (error) {
        refused[index] = toLlmuxError(error, where);
      }
    }),
  );
  return { lines: encoded.filter((line): line is T => line !== undefined), refused };
}
