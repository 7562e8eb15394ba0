import {
  type GenerateRequest,
  reasoningEffortFor,
  unsupportedSetting as unsupported,
  type Warning,
} from '@llmux/core';
import type { ChatCompletionCreateParamsBase } from 'openai/resources/chat/completions';
import { isReasoningModel } from './is-reasoning-model.js';

export type ChatSettingsBody = Pick<
  ChatCompletionCreateParamsBase,
  | 'temperature'
  | 'top_p'
  | 'frequency_penalty'
  | 'presence_penalty'
  | 'logprobs'
  | 'top_logprobs'
  | 'reasoning_effort'
  | 'parallel_tool_calls'
  | 'service_tier'
  | 'safety_identifier'
>;

/**
 * The generation settings as Chat Completions fields: sampling, penalties and logprobs (which
 * reasoning models refuse, so there they warn), `reasoning_effort` (a budget as its nearest effort; other
 * models warn), `parallel_tool_calls` (only beside tools, where the API takes it), `service_tier`
 * and the end user as `safety_identifier`.
 */
export function openaiChatSettings(
  request: GenerateRequest,
  modelId: string,
  hasTools: boolean,
): { body: ChatSettingsBody; warnings: Warning[] } {
  const body: ChatSettingsBody = {};
  const warnings: Warning[] = [];
  const reasoningModel = isReasoningModel(modelId);
  for (const [setting, wire] of [
    ['temperature', 'temperature'],
    ['topP', 'top_p'],
    ['frequencyPenalty', 'frequency_penalty'],
    ['presencePenalty', 'presence_penalty'],
  ] as const) {
    const value = request[setting];
    if (value === undefined) continue;
    if (reasoningModel) warnings.push(unsupported(setting, `${modelId} takes only the default`));
    else body[wire] = value;
  }
  if (request.logprobs !== undefined) {
    if (reasoningModel) {
      warnings.push(unsupported('logprobs', `${modelId} is a reasoning model: it gives none`));
    } else {
      body.logprobs = true;
      if (request.logprobs.top !== undefined) body.top_logprobs = request.logprobs.top;
    }
  }
  const effort = reasoningEffortFor(request.reasoning);
  if (effort !== undefined) {
    if (reasoningModel) body.reasoning_effort = effort;
    else if (effort !== 'none') {
      warnings.push(unsupported('reasoning', `${modelId} is not a reasoning model`));
    }
  }
  if (request.parallelToolCalls !== undefined && hasTools) {
    body.parallel_tool_calls = request.parallelToolCalls;
  }
  if (request.serviceTier !== undefined) body.service_tier = request.serviceTier;
  if (request.metadata?.user !== undefined) body.safety_identifier = request.metadata.user;
  return { body, warnings };
}
