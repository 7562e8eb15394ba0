import type { ServerResponse } from 'node:http';
import type { EmbedResponse } from '@llmux/core';
import type { EmbeddingServices } from '../stack/embedding-stack.js';
import { type LlmuxSummary, llmuxHeaders, llmuxSummary } from './llmux-summary.js';
import { RequestFieldError } from './request-field-error.js';
import type { CallerContext } from './request-scope.js';
import { sendJson } from './send-json.js';
import { toEmbedRequest } from './to-embed-request.js';

/** A vector as OpenAI's `encoding_format: base64` has it: little-endian float32 bytes. */
export function float32Base64(vector: number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  for (const [i, value] of vector.entries()) bytes.writeFloatLE(value, i * 4);
  return bytes.toString('base64');
}

/** The OpenAI `list` of `embedding` objects, with the `llmux` summary. */
export function toEmbeddingsList(
  response: EmbedResponse,
  encoding: 'float' | 'base64',
  summary: LlmuxSummary & { cached_inputs: number },
) {
  const tokens = response.usage.inputTokens;
  return {
    object: 'list',
    data: response.embeddings.map((vector, index) => ({
      object: 'embedding',
      index,
      embedding: encoding === 'base64' ? float32Base64(vector) : vector,
    })),
    model: response.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
    llmux: summary,
  };
}

/**
 * `POST /v1/embeddings` after authentication and body parsing: translates the body, calls the
 * group (or pinned model) it names, and answers the OpenAI list with the `llmux` summary and the
 * `x-llmux-*` headers (`x-llmux-cache`: `hit`, `partial` or `miss`).
 */
export async function handleEmbeddings(
  body: unknown,
  context: CallerContext,
  res: ServerResponse,
  services: EmbeddingServices | undefined,
): Promise<void> {
  if (!services) {
    throw new RequestFieldError(
      null,
      'This gateway serves no embeddings: add an "embeddings" section to its configuration',
      { code: 'embeddings_not_configured', status: 404 },
    );
  }
  const { request, target, encoding } = toEmbedRequest(body, context, services);
  const response = await target.model.embed(request);
  const cachedInputs = response.trace.cachedInputs ?? 0;
  const summary = { ...llmuxSummary(context.requestId, response), cached_inputs: cachedInputs };
  const cache = summary.cache_hit ? 'hit' : cachedInputs > 0 ? 'partial' : 'miss';
  sendJson(res, 200, toEmbeddingsList(response, encoding, summary), {
    ...llmuxHeaders(summary),
    'x-llmux-cache': cache,
  });
}
