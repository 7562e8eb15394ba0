import { type GenerateContentConfig, ServiceTier } from '@google/genai';
import { type GenerateRequest, unsupportedSetting as unsupported, type Warning } from '@llmux/core';
import { definedFields } from './defined-fields.js';
import { geminiMediaResolution } from './gemini-media-resolution.js';
import { geminiThinkingConfig } from './gemini-thinking.js';

/** Gemini 2.5 on answer penalties with a 400 "Penalty is not enabled for models/…" (recorded). */
const takesPenalties = (modelId: string) => !/^gemini-(?:2\.5|[3-9]|\d{2})/.test(modelId);

const tiers = {
  default: ServiceTier.STANDARD,
  flex: ServiceTier.FLEX,
  priority: ServiceTier.PRIORITY,
} as const;

/**
 * The generation settings as `GenerateContentConfig` fields: penalties (which Gemini 2.5 on
 * refuse, so there they warn), logprobs
 * (`responseLogprobs`, `logprobs` for the top alternatives), reasoning (`thinkingConfig`), image
 * detail (`mediaResolution`) and the service tier (`auto` is Gemini's default, so it sends
 * nothing). Gemini cannot turn parallel function calls off, so `parallelToolCalls: false` warns.
 * `metadata.user` has no Gemini field and is not sent: it stays with the gateway's request log,
 * so it does not warn either.
 */
export function geminiRequestSettings(
  request: GenerateRequest,
  modelId: string,
): { config: GenerateContentConfig; warnings: Warning[] } {
  const thinking = geminiThinkingConfig(request.reasoning, modelId);
  const media = geminiMediaResolution(request.messages);
  const warnings = [...thinking.warnings, ...media.warnings];
  if (request.parallelToolCalls === false) {
    warnings.push(
      unsupported(
        'parallelToolCalls',
        'Gemini cannot be kept from calling several functions at once',
      ),
    );
  }
  const penalties = takesPenalties(modelId);
  for (const setting of ['presencePenalty', 'frequencyPenalty'] as const) {
    if (request[setting] !== undefined && !penalties) {
      warnings.push(unsupported(setting, `${modelId} takes no penalties`));
    }
  }
  const { logprobs, serviceTier } = request;
  const config: GenerateContentConfig = definedFields({
    presencePenalty: penalties ? request.presencePenalty : undefined,
    frequencyPenalty: penalties ? request.frequencyPenalty : undefined,
    responseLogprobs: logprobs ? true : undefined,
    logprobs: logprobs?.top,
    thinkingConfig: thinking.thinkingConfig,
    mediaResolution: media.mediaResolution,
    serviceTier:
      serviceTier === undefined || serviceTier === 'auto' ? undefined : tiers[serviceTier],
  });
  return { config, warnings };
}
