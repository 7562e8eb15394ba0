import { type ThinkingConfig, ThinkingLevel } from '@google/genai';
import {
  type ReasoningOptions,
  reasoningBudgetOf,
  reasoningEffortFor,
  unsupportedSetting as unsupported,
  type Warning,
} from '@llmux/core';

/** Gemini 3 on take a `thinkingLevel`; Gemini 2.5 a `thinkingBudget`. */
export const takesThinkingLevel = (modelId: string) =>
  /^gemini-(?:[3-9]|\d{2})(?:[.-]|$)/.test(modelId);

/** Models before Gemini 2.5 do not think. */
const thinkless = (modelId: string) => /^gemini-(?:1\.|2\.0)/.test(modelId);

/** The budgets Gemini 2.5 takes: Pro cannot stop thinking, Flash-Lite thinks at least 512 tokens. */
const budgetRange = (modelId: string): { min: number; max: number; off: boolean } => {
  if (/-pro/.test(modelId)) return { min: 128, max: 32_768, off: false };
  if (/-flash-lite/.test(modelId)) return { min: 512, max: 24_576, off: true };
  return { min: 1, max: 24_576, off: true };
};

const levels = {
  none: ThinkingLevel.MINIMAL,
  minimal: ThinkingLevel.MINIMAL,
  low: ThinkingLevel.LOW,
  medium: ThinkingLevel.MEDIUM,
  high: ThinkingLevel.HIGH,
};

/**
 * A request's `reasoning` as Gemini's `thinkingConfig`: a `thinkingLevel` on Gemini 3 (which
 * cannot stop thinking: `none` is the minimal level, with a warning), a `thinkingBudget` inside
 * the model's range on Gemini 2.5 (0 turns thinking off where the model can). Thought summaries
 * are asked for (`includeThoughts`) so they come back as reasoning parts.
 */
export function geminiThinkingConfig(
  reasoning: ReasoningOptions | undefined,
  modelId: string,
): { thinkingConfig?: ThinkingConfig; warnings: Warning[] } {
  const warnings: Warning[] = [];
  const budget = reasoningBudgetOf(reasoning);
  if (budget === undefined) return { warnings };
  if (thinkless(modelId)) {
    if (budget > 0) warnings.push(unsupported('reasoning', `${modelId} does not think`));
    return { warnings };
  }
  if (takesThinkingLevel(modelId)) {
    const effort = reasoningEffortFor(reasoning) ?? 'medium';
    if (effort === 'none') {
      warnings.push(
        unsupported('reasoning', `${modelId} cannot stop thinking: it thinks at the minimal level`),
      );
    }
    return {
      thinkingConfig: { thinkingLevel: levels[effort], includeThoughts: effort !== 'none' },
      warnings,
    };
  }
  const range = budgetRange(modelId);
  if (budget === 0 && range.off) return { thinkingConfig: { thinkingBudget: 0 }, warnings };
  const thinkingBudget = Math.min(Math.max(budget, range.min), range.max);
  if (thinkingBudget !== budget) {
    warnings.push(
      unsupported(
        budget === 0 ? 'reasoning' : 'reasoning.budgetTokens',
        `${modelId} thinks with ${range.min} to ${range.max} tokens: ${thinkingBudget} was asked for`,
      ),
    );
  }
  return { thinkingConfig: { thinkingBudget, includeThoughts: true }, warnings };
}
