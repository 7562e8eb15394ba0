import type { ModelInfo } from './model-catalog.js';
import { anthropicModels } from './models/anthropic-models.js';
import { embeddingModels } from './models/embedding-models.js';
import { geminiModels } from './models/gemini-models.js';
import { ollamaModels } from './models/ollama-models.js';
import { openaiModels } from './models/openai-models.js';

/**
 * The day the prices below were checked against the stored copies of the providers' public
 * price pages. Each provider's file names the pages and the date each page shows.
 */
export const PRICES_AS_OF = '2026-12-06';

/**
 * Current models of the three providers, prices in USD per million tokens, embedding models
 * (those with `embedding` set) included, and a few local Ollama models at 0. Replace or extend
 * them with `createModelCatalog(yourModels, defaultModels)`.
 */
export const defaultModels: ModelInfo[] = [
  ...anthropicModels,
  ...openaiModels,
  ...geminiModels,
  ...embeddingModels,
  ...ollamaModels,
];
