import { atLeast, claudeVersion } from './claude-model-version.js';

/**
 * How a model thinks, if at all: `budget` takes `thinking: { type: 'enabled', budget_tokens }`
 * (Claude 3.7 to 4.6), `adaptive` only `thinking: { type: 'adaptive' }` steered by
 * `output_config.effort` (Claude Opus 4.7 on, which answer the budget form with a 400), `none`
 * (Claude 3 before 3.7) no thinking at all.
 */
export function claudeThinkingForm(modelId: string): 'none' | 'budget' | 'adaptive' {
  const version = claudeVersion(modelId);
  if (atLeast(version, 4, 7)) return 'adaptive';
  if (atLeast(version, 3, 7)) return 'budget';
  return 'none';
}

/** Whether a model takes structured outputs (`output_config.format`): Claude 4.1 on. */
export const claudeStructuredOutputs = (modelId: string): boolean =>
  atLeast(claudeVersion(modelId), 4, 1);
