import type { ModelInfo } from '../model-catalog.js';

/** Local models cost nothing per token: they run on the caller's own hardware. */
const free = { input: 0, output: 0 };

/**
 * A few common models of Ollama's library (ollama.com/library), run locally through
 * `@llmux/provider-ollama`: every rate is 0, and there is no batch API. `contextWindow` is the
 * model's own; Ollama runs a model with a smaller context (`num_ctx`, 4,096 tokens by default,
 * or the server's `OLLAMA_CONTEXT_LENGTH`) unless told otherwise, and cuts a longer prompt.
 * Capabilities as the library pages list them (tools, vision, thinking). A model not listed here
 * is free too: the Ollama adapter prices it at 0 without a warning.
 */
export const ollamaModels: ModelInfo[] = [
  {
    // llama3.2 (3B): tools; 128K context.
    provider: 'ollama',
    model: 'llama3.2',
    contextWindow: 131_072,
    maxOutputTokens: 131_072,
    capabilities: { tools: true, images: false, json: true, jsonSchema: true },
    pricing: free,
  },
  {
    // qwen3 (8B): tools and thinking; 40K context.
    provider: 'ollama',
    model: 'qwen3',
    contextWindow: 40_960,
    maxOutputTokens: 40_960,
    capabilities: { tools: true, images: false, json: true, jsonSchema: true },
    pricing: free,
  },
  {
    // gemma3 (4B): vision, no tools; 128K context.
    provider: 'ollama',
    model: 'gemma3',
    contextWindow: 131_072,
    maxOutputTokens: 131_072,
    capabilities: { tools: false, images: true, json: true, jsonSchema: true },
    pricing: free,
  },
  {
    // gpt-oss:20b: tools and thinking (levels low, medium, high); 128K context.
    provider: 'ollama',
    model: 'gpt-oss:20b',
    contextWindow: 131_072,
    maxOutputTokens: 131_072,
    capabilities: { tools: true, images: false, json: true, jsonSchema: true },
    pricing: free,
  },
  {
    // nomic-embed-text: 768 dimensions; 8,192 tokens a text (2,048 as Ollama runs it by default).
    provider: 'ollama',
    model: 'nomic-embed-text',
    contextWindow: 8_192,
    maxOutputTokens: 0,
    capabilities: { tools: false, images: false, json: false, jsonSchema: false },
    pricing: free,
    embedding: { dimensions: 768 },
  },
];
