import { LlmuxError } from '@llmux/core';
import { anthropicDialect } from '../anthropic/anthropic-dialect.js';
import { geminiDialect } from '../gemini/gemini-dialect.js';
import { ollamaDialect } from '../ollama/ollama-dialect.js';
import { openaiDialect } from '../openai/openai-dialect.js';
import type { SimulatorDialect } from './types.js';

/**
 * The built-in dialects, by provider name: what `startSimulator('name')`, `dialectFor` and
 * `llmux-sim --provider` know. A new provider's dialect is one folder beside these and one line
 * here; until then its dialect object works wherever a name does.
 */
const dialects: Record<string, SimulatorDialect> = {
  anthropic: anthropicDialect,
  openai: openaiDialect,
  gemini: geminiDialect,
  ollama: ollamaDialect,
};

/** The names of the built-in dialects. */
export const builtInProviders: readonly string[] = Object.keys(dialects);

/** The dialect that makes a simulator speak a built-in provider's API. */
export function dialectFor(provider: string): SimulatorDialect {
  const dialect = Object.hasOwn(dialects, provider) ? dialects[provider] : undefined;
  if (!dialect) {
    throw new LlmuxError({
      kind: 'invalid_request',
      message: `Simulator "provider" must be one of ${builtInProviders.join(', ')} or a dialect object; got "${provider}"`,
    });
  }
  return dialect;
}
