import { LlmuxError } from '@llmux/core';
import { anthropicDialect } from '../anthropic/anthropic-dialect.js';
import { geminiDialect } from '../gemini/gemini-dialect.js';
import { openaiDialect } from '../openai/openai-dialect.js';
import type { ProviderName, SimulatorDialect } from './types.js';

const dialects: Partial<Record<ProviderName, SimulatorDialect>> = {
  anthropic: anthropicDialect,
  gemini: geminiDialect,
  openai: openaiDialect,
};

/** The dialect that makes a simulator speak a provider's API. */
export function dialectFor(provider: ProviderName): SimulatorDialect {
  const dialect = dialects[provider];
  if (!dialect) {
    throw new LlmuxError({
      kind: 'invalid_request',
      message: `Simulator "provider" must be one of ${Object.keys(dialects).join(', ')}; got "${provider}"`,
    });
  }
  return dialect;
}
