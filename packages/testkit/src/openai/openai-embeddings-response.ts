import type { EmbedReply, SimRequest } from '../simulator/types.js';

/** A vector as OpenAI's `encoding_format: base64` sends it: little-endian float32 bytes. */
export const float32Base64 = (vector: number[]): string => {
  const bytes = Buffer.alloc(vector.length * 4);
  for (const [i, value] of vector.entries()) bytes.writeFloatLE(value, i * 4);
  return bytes.toString('base64');
};

/** The `list` of `embedding` objects `POST /v1/embeddings` answers, floats or base64. */
export function embeddingsBody(reply: EmbedReply, request: SimRequest) {
  const base64 = (request.body as { encoding_format?: unknown }).encoding_format === 'base64';
  return {
    object: 'list',
    data: reply.embeddings.map((vector, index) => ({
      object: 'embedding',
      index,
      embedding: base64 ? float32Base64(vector) : vector,
    })),
    model: reply.model,
    usage: { prompt_tokens: reply.inputTokens, total_tokens: reply.inputTokens },
  };
}
