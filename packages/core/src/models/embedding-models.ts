import type { ModelInfo } from '../model-catalog.js';

/**
 * An embedding model: text in, a vector out, so none of the generation capabilities and no
 * output tokens; `batch` is the providers' batch APIs at half price, as for their language models.
 */
const embeddingModel = (
  provider: string,
  model: string,
  contextWindow: number,
  input: number,
  dimensions: number,
): ModelInfo => ({
  provider,
  model,
  contextWindow,
  maxOutputTokens: 0,
  capabilities: { tools: false, images: false, json: false, jsonSchema: false },
  pricing: { input, output: 0, batch: { input: input / 2, output: 0 } },
  embedding: { dimensions },
});

/**
 * Embedding models of OpenAI and Gemini, USD per million input tokens; they bill no output.
 *
 * Sources, as stored on 2026-12-06:
 * - OpenAI: developers.openai.com/api/docs/models/text-embedding-3-small and -large, as quoted by
 *   tokenprice.fyi (snapshot of 2026-07-03: "$0.02, Standard tier; batch tier $0.01") and
 *   embeddingcost.com/openai ("verified May 2026": $0.02 / $0.010 and $0.13 / $0.065; 1,536 and
 *   3,072 dimensions; 8,191 tokens a text).
 * - Gemini: ai.google.dev/gemini-api/docs/pricing as quoted by tokenmix.ai (2026-04-25:
 *   gemini-embedding-001 $0.15, batch $0.075, 3,072 dimensions, 2,048 tokens a text) and
 *   tokencost.app (gemini-embedding-2 text $0.20, batch $0.10, 8,192 tokens a text).
 * text-embedding-004 is left out: Google shut it down on the Gemini API on 2026-01-14
 * (weighmyprompt.com/deprecations), naming gemini-embedding-001 its replacement.
 */
export const embeddingModels: ModelInfo[] = [
  // provider, model, tokens a text, USD per million input tokens, dimensions
  embeddingModel('openai', 'text-embedding-3-small', 8_191, 0.02, 1536),
  embeddingModel('openai', 'text-embedding-3-large', 8_191, 0.13, 3072),
  embeddingModel('gemini', 'gemini-embedding-001', 2_048, 0.15, 3072),
  embeddingModel('gemini', 'gemini-embedding-2', 8_192, 0.2, 3072),
];
