export type { GeminiOptions } from './gemini-options.js';
export type { GeminiProvider, GeminiProviderSettings } from './gemini-provider.js';
export { createGemini } from './gemini-provider.js';
