import type { EmbedReply, SimRequest } from '../simulator/types.js';

/**
 * What `batchEmbedContents` answers (`embeddings`, in the order of the requests), or
 * `embedContent` (one `embedding`), with the `usageMetadata` the API reports for them.
 */
export function embedContentBody(reply: EmbedReply, request: SimRequest) {
  const usageMetadata = {
    promptTokenCount: reply.inputTokens,
    promptTokenDetails: [{ modality: 'TEXT', tokenCount: reply.inputTokens }],
  };
  const values = reply.embeddings.map((vector) => ({ values: vector }));
  const batch = Array.isArray((request.body as { requests?: unknown }).requests);
  return batch ? { embeddings: values, usageMetadata } : { embedding: values[0], usageMetadata };
}
