import {
  type GenerateRequest,
  reasoningEffortFor,
  unsupportedSetting,
  type Warning,
} from '@llmux/core';
import type { OllamaChatRequest } from './ollama-wire.js';

/** Models that take a thinking level rather than on and off. */
const takesLevels = (modelId: string) => /^gpt-oss\b/.test(modelId);

/**
 * Ollama's `think` for a request's `reasoning`: off for effort `none` (or a budget of 0), on
 * otherwise, as a level (low, medium, high: the effort, or the one nearest the budget) for the
 * models that take one. Ollama has no thinking budget, so a budget warns that it only turns
 * thinking on.
 */
export function thinkOf(
  reasoning: GenerateRequest['reasoning'],
  modelId: string,
): { think?: OllamaChatRequest['think']; warnings: Warning[] } {
  const effort = reasoningEffortFor(reasoning);
  if (effort === undefined) return { warnings: [] };
  if (effort === 'none') return { think: false, warnings: [] };
  const warnings = reasoning?.budgetTokens
    ? [
        unsupportedSetting(
          'reasoning.budgetTokens',
          'Ollama has no thinking budget: thinking is on',
        ),
      ]
    : [];
  if (!takesLevels(modelId)) return { think: true, warnings };
  return { think: effort === 'minimal' ? 'low' : effort, warnings };
}
