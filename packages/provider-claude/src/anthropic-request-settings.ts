import { type GenerateRequest, unsupportedSetting as unsupported, type Warning } from '@llmux/core';
import type { AnthropicProviderOptions } from './anthropic-provider-options.js';

const tiers = { auto: 'auto', default: 'standard_only' } as const;

/**
 * The settings Claude takes beside the prompt: `service_tier` (`auto` may use Priority Tier
 * capacity, `default` is `standard_only`) and the end user as `metadata.user_id`, with provider
 * options winning; and a warning for each setting Anthropic has no equivalent of.
 */
export function anthropicRequestSettings(
  request: GenerateRequest,
  options: AnthropicProviderOptions,
): {
  serviceTier?: 'auto' | 'standard_only';
  userId?: string;
  warnings: Warning[];
} {
  const warnings: Warning[] = [];
  for (const setting of ['frequencyPenalty', 'presencePenalty'] as const) {
    if (request[setting] !== undefined) {
      warnings.push(unsupported(setting, 'Anthropic has no repetition penalties'));
    }
  }
  if (request.logprobs !== undefined) {
    warnings.push(unsupported('logprobs', 'Anthropic does not return log probabilities'));
  }
  const tier = request.serviceTier;
  let serviceTier = options.serviceTier;
  if (tier === 'auto' || tier === 'default') serviceTier ??= tiers[tier];
  else if (tier !== undefined && options.serviceTier === undefined) {
    warnings.push(
      unsupported('serviceTier', `Anthropic has no ${tier} tier; it takes auto or default`),
    );
  }
  const userId = options.userId ?? request.metadata?.user;
  return {
    ...(serviceTier ? { serviceTier } : {}),
    ...(userId ? { userId } : {}),
    warnings,
  };
}
