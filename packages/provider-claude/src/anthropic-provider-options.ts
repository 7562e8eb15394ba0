import {
  type OptionCheck,
  optionChecks,
  type ProviderOptions,
  readProviderOptions,
  type Warning,
} from '@llmux/core';

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

const { oneOf, boolean, string, object } = optionChecks;

/** Anthropic refuses a thinking budget under 1024 tokens. */
const isThinking: OptionCheck = (value) => {
  if (!object(value)) return false;
  const { type, budgetTokens } = value as Record<string, unknown>;
  if (type === 'adaptive' || type === 'disabled') return true;
  return type === 'enabled' && Number.isInteger(budgetTokens) && (budgetTokens as number) >= 1024;
};

const spec: Record<keyof AnthropicProviderOptions, [OptionCheck, string]> = {
  thinking: [
    isThinking,
    "{ type: 'enabled', budgetTokens: an integer >= 1024 }, { type: 'adaptive' } or { type: 'disabled' }",
  ],
  effort: [oneOf('low', 'medium', 'high', 'xhigh', 'max'), 'one of low, medium, high, xhigh, max'],
  disableParallelToolUse: [boolean, 'a boolean'],
  userId: [string, 'a string'],
  serviceTier: [oneOf('auto', 'standard_only'), 'one of auto, standard_only'],
};

/**
 * Reads `providerOptions.anthropic` with core's `readProviderOptions`: a bad value is an
 * `invalid_request` error naming the field, an unknown key a warning (the call goes ahead
 * without it).
 */
export function readAnthropicProviderOptions(providerOptions: ProviderOptions | undefined): {
  options: AnthropicProviderOptions;
  warnings: Warning[];
} {
  const { options, warnings } = readProviderOptions(providerOptions, 'anthropic', spec);
  return { options: options as AnthropicProviderOptions, warnings };
}
