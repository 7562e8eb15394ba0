import type { ModelInfo } from '../model-catalog.js';

/** Embedding models take text and return vectors: none of the generation capabilities. */
const embeddingCapabilities = { tools: false, images: false, json: false, jsonSchema: false };

/**
 * Embedding models of OpenAI and Gemini, USD per million input tokens; they bill no output.
 * `batch` is the providers' batch APIs at half price, as for their language models.
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
  {
    provider: 'openai',
    model: 'text-embedding-3-small',
    contextWindow: 8_191,
    maxOutputTokens: 0,
    capabilities: embeddingCapabilities,
    pricing: { input: 0.02, output: 0, batch: { input: 0.01, output: 0 } },
    embedding: { dimensions: 1536 },
  },
  {
    provider: 'openai',
    model: 'text-embedding-3-large',
    contextWindow: 8_191,
    maxOutputTokens: 0,
    capabilities: embeddingCapabilities,
    pricing: { input: 0.13, output: 0, batch: { input: 0.065, output: 0 } },
    embedding: { dimensions: 3072 },
  },
  {
    provider: 'gemini',
    model: 'gemini-embedding-001',
    contextWindow: 2_048,
    maxOutputTokens: 0,
    capabilities: embeddingCapabilities,
    pricing: { input: 0.15, output: 0, batch: { input: 0.075, output: 0 } },
    embedding: { dimensions: 3072 },
  },
  {
    provider: 'gemini',
    model: 'gemini-embedding-2',
    contextWindow: 8_192,
    maxOutputTokens: 0,
    capabilities: embeddingCapabilities,
    pricing: { input: 0.2, output: 0, batch: { input: 0.1, output: 0 } },
    embedding: { dimensions: 3072 },
  },
];
