export type { ContextCacheReport } from './gemini-context-cache.js';
export { GEMINI_MAX_EMBED_INPUTS } from './gemini-embedding-model.js';
export type { GeminiOptions } from './gemini-options.js';
export type {
  GeminiContextCacheSettings,
  GeminiProvider,
  GeminiProviderSettings,
} from './gemini-provider.js';
export { createGemini } from './gemini-provider.js';
