import { LlmuxError, type Warning } from '@llmux/core';

/** What `providerOptions.anthropic` may hold. */
export interface AnthropicProviderOptions {
  /** Extended thinking: a token budget (`enabled`), the model's own choice (`adaptive`), or off. */
  thinking?:
    | { type: 'enabled'; budgetTokens: number }
    | { type: 'adaptive' }
    | { type: 'disabled' };
  /** `output_config.effort`. */
  effort?: 'low' | 'medium' | 'high' | 'xhigh' | 'max';
  /** At most one tool call per answer. */
  disableParallelToolUse?: boolean;
  /** An opaque id of the end user, for Anthropic's abuse detection (`metadata.user_id`). */
  userId?: string;
  serviceTier?: 'auto' | 'standard_only';
}

const known = new Set(['thinking', 'effort', 'disableParallelToolUse', 'userId', 'serviceTier']);
const efforts = new Set(['low', 'medium', 'high', 'xhigh', 'max']);

const invalid = (field: string, problem: string) =>
  new LlmuxError({
    kind: 'invalid_request',
    message: `providerOptions.anthropic.${field} ${problem}`,
    provider: 'anthropic',
  });

const readThinking = (value: unknown): AnthropicProviderOptions['thinking'] => {
  const thinking = value as { type?: unknown; budgetTokens?: unknown };
  if (typeof value !== 'object' || value === null) throw invalid('thinking', 'must be an object');
  if (thinking.type === 'adaptive' || thinking.type === 'disabled') return { type: thinking.type };
  if (thinking.type !== 'enabled') {
    throw invalid('thinking.type', "must be 'enabled', 'adaptive' or 'disabled'");
  }
  const budget = thinking.budgetTokens;
  if (typeof budget !== 'number' || !Number.isInteger(budget) || budget < 1024) {
    throw invalid('thinking.budgetTokens', `must be an integer >= 1024, got ${String(budget)}`);
  }
  return { type: 'enabled', budgetTokens: budget };
};

/**
 * Reads and checks `providerOptions.anthropic`: a bad value is an `invalid_request` error
 * naming the field, an unknown key a warning (the call goes ahead without it).
 */
export function readAnthropicProviderOptions(raw: Record<string, unknown> | undefined): {
  options: AnthropicProviderOptions;
  warnings: Warning[];
} {
  const options: AnthropicProviderOptions = {};
  const warnings: Warning[] = [];
  if (raw === undefined) return { options, warnings };
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) {
      warnings.push({ type: 'unsupported-setting', setting: `providerOptions.anthropic.${key}` });
    }
  }
  if (raw.thinking !== undefined) options.thinking = readThinking(raw.thinking);
  if (raw.effort !== undefined) {
    if (!efforts.has(raw.effort as string)) {
      throw invalid('effort', `must be one of ${[...efforts].join(', ')}`);
    }
    options.effort = raw.effort as AnthropicProviderOptions['effort'];
  }
  if (raw.disableParallelToolUse !== undefined) {
    if (typeof raw.disableParallelToolUse !== 'boolean') {
      throw invalid('disableParallelToolUse', 'must be a boolean');
    }
    options.disableParallelToolUse = raw.disableParallelToolUse;
  }
  if (raw.userId !== undefined) {
    if (typeof raw.userId !== 'string') throw invalid('userId', 'must be a string');
    options.userId = raw.userId;
  }
  if (raw.serviceTier !== undefined) {
    if (raw.serviceTier !== 'auto' && raw.serviceTier !== 'standard_only') {
      throw invalid('serviceTier', "must be 'auto' or 'standard_only'");
    }
    options.serviceTier = raw.serviceTier;
  }
  return { options, warnings };
}
