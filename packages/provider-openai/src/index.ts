export type { OpenAIChatOptions } from './openai-chat-options.js';
export type { OpenAIProvider, OpenAIProviderSettings } from './openai-provider.js';
export { createOpenAI } from './openai-provider.js';
