import {
  type GenerateRequest,
  reasoningBudgetOf,
  reasoningEffortFor,
  unsupportedSetting as unsupported,
  type Warning,
} from '@llmux/core';
import type { AnthropicProviderOptions } from './anthropic-provider-options.js';
import type { MessageCreateParamsBase } from './anthropic-types.js';
import { claudeThinkingForm } from './claude-model-features.js';

/** Anthropic refuses a thinking budget under this. */
export const MIN_THINKING_BUDGET = 1024;

export interface AnthropicThinking {
  thinking?: MessageCreateParamsBase['thinking'];
  /** `output_config.effort`. */
  effort?: AnthropicProviderOptions['effort'];
  /** `max_tokens`, raised to make room for thinking when the caller did not set it. */
  maxTokens: number;
  warnings: Warning[];
}

const fromOptions = (options: AnthropicProviderOptions): AnthropicThinking['thinking'] => {
  const { thinking } = options;
  if (!thinking) return undefined;
  return thinking.type === 'enabled'
    ? { type: 'enabled', budget_tokens: thinking.budgetTokens }
    : { type: thinking.type };
};

/**
 * A request's `reasoning` as Claude's `thinking` for the model's form (see `claudeThinkingForm`):
 * a budget of at least 1024 tokens and below `max_tokens` (raised when the caller left it to the
 * default, else the budget is lowered), or adaptive thinking steered by an effort. Thinking shows
 * its summary, so reasoning parts carry text. `providerOptions.anthropic.thinking` and `.effort`
 * win over `reasoning`.
 */
export function anthropicThinking(
  request: GenerateRequest,
  options: AnthropicProviderOptions,
  modelId: string,
  maxTokens: number,
): AnthropicThinking {
  const warnings: Warning[] = [];
  const result = (thinking?: AnthropicThinking['thinking'], effort = options.effort) => ({
    ...(thinking ? { thinking } : {}),
    ...(effort ? { effort } : {}),
    maxTokens,
    warnings,
  });
  const budget = reasoningBudgetOf(request.reasoning);
  if (options.thinking || budget === undefined) return result(fromOptions(options));
  const form = claudeThinkingForm(modelId);
  if (form === 'none') {
    if (budget > 0) warnings.push(unsupported('reasoning', `${modelId} does not think`));
    return result();
  }
  if (budget === 0) return result({ type: 'disabled' });
  if (form === 'adaptive') {
    const effort = reasoningEffortFor(request.reasoning);
    return result(
      { type: 'adaptive', display: 'summarized' },
      options.effort ?? (effort === 'minimal' ? 'low' : (effort as 'low' | 'medium' | 'high')),
    );
  }
  const explicit = request.reasoning?.budgetTokens !== undefined;
  let tokens = Math.max(budget, MIN_THINKING_BUDGET);
  if (explicit && tokens > budget) {
    warnings.push(
      unsupported('reasoning.budgetTokens', `raised to Anthropic's minimum of ${tokens}`),
    );
  }
  if (tokens >= maxTokens) {
    if (request.maxOutputTokens === undefined) {
      // The default leaves room for the answer on top of the thinking.
      maxTokens += tokens;
    } else if (maxTokens > MIN_THINKING_BUDGET) {
      tokens = maxTokens - 1;
      if (explicit) {
        warnings.push(
          unsupported(
            'reasoning.budgetTokens',
            `lowered to ${tokens}: Anthropic's budget must be below maxOutputTokens`,
          ),
        );
      }
    } else {
      warnings.push(
        unsupported(
          'reasoning',
          `maxOutputTokens ${maxTokens} leaves no room for Anthropic's minimum thinking budget of ${MIN_THINKING_BUDGET}`,
        ),
      );
      return result();
    }
  }
  return result({ type: 'enabled', budget_tokens: tokens });
}
