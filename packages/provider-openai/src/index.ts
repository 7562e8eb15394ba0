export type { OpenAIChatOptions } from './openai-chat-options.js';
export { OPENAI_MAX_EMBED_INPUTS } from './openai-embedding-model.js';
export type { OpenAIProvider, OpenAIProviderSettings } from './openai-provider.js';
export { createOpenAI } from './openai-provider.js';
