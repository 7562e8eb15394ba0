import { hash } from 'node:crypto';
import { estimateEmbedTokens, seededRandom } from '@llmux/core';
import type { EmbedReply, SimRequest } from './types.js';

/**
 * The vector the simulators answer for a text: unit length, of `dimensions` values, drawn from a
 * generator seeded by a hash of the text alone. Equal texts embed equally on every simulator, and
 * a test can compute the vector a text should get, to check order and dimensions.
 */
export function simulatedEmbedding(text: string, dimensions: number): number[] {
  const seed = Number.parseInt(hash('sha256', text, 'hex').slice(0, 8), 16);
  const random = seededRandom(seed);
  const values = Array.from({ length: dimensions }, () => random() * 2 - 1);
  const norm = Math.sqrt(values.reduce((sum, value) => sum + value * value, 0)) || 1;
  return values.map((value) => value / norm);
}

/** The answer to an `embed` call: each input's vector, and its input tokens as core counts them. */
export function resolveEmbedReply(request: SimRequest): EmbedReply {
  const inputs = request.embedInputs ?? [];
  return {
    model: request.model,
    embeddings: inputs.map(({ text, dimensions }) => simulatedEmbedding(text, dimensions)),
    inputTokens: estimateEmbedTokens(inputs.map(({ text }) => text)),
  };
}
