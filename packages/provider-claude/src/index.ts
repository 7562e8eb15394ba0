export type { AnthropicProviderOptions } from './anthropic-provider-options.js';
export type { ClaudeModelConfig } from './claude-language-model.js';
export { ClaudeLanguageModel } from './claude-language-model.js';
export type {
  ClaudeModelSettings,
  ClaudeProvider,
  ClaudeProviderOptions,
} from './claude-provider.js';
export { checkClaudeOptions, createClaude } from './claude-provider.js';
export { mapAnthropicError } from './map-anthropic-error.js';
