export type { ContextCacheReport } from './gemini-context-cache.js';
export type { GeminiOptions } from './gemini-options.js';
export type {
  GeminiContextCacheSettings,
  GeminiProvider,
  GeminiProviderSettings,
} from './gemini-provider.js';
export { createGemini } from './gemini-provider.js';
