export { OLLAMA_MAX_EMBED_INPUTS } from './ollama-embedding-model.js';
export type { OllamaProviderOptions } from './ollama-options.js';
export type { OllamaProvider, OllamaProviderSettings } from './ollama-provider.js';
export { createOllama } from './ollama-provider.js';
