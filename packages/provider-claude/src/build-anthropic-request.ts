import {
  checkRequestSettings,
  type GenerateRequest,
  LlmuxError,
  unsupportedSetting as unsupported,
  type Warning,
} from '@llmux/core';
import { anthropicJsonFormat, JSON_TOOL } from './anthropic-json-format.js';
import { readAnthropicProviderOptions } from './anthropic-provider-options.js';
import { anthropicRequestSettings } from './anthropic-request-settings.js';
import { anthropicThinking } from './anthropic-thinking.js';
import type { MessageCreateParamsBase } from './anthropic-types.js';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.js';
import { prepareAnthropicTools } from './prepare-anthropic-tools.js';
import { applyPromptCache } from './prompt-cache.js';
import { acceptsSamplingParameters } from './sampling-support.js';

/** The SDK no longer types the sampling parameters; models up to Claude 4.6 still take them. */
export type AnthropicParams = Omit<MessageCreateParamsBase, 'stream'> & {
  temperature?: number;
  top_p?: number;
  top_k?: number;
};

export interface AnthropicRequest {
  params: AnthropicParams;
  warnings: Warning[];
  /** Set when the answer comes as the input of this forced tool (see `anthropicJsonFormat`). */
  jsonTool?: string;
}

const invalid = (message: string) =>
  new LlmuxError({ kind: 'invalid_request', message, provider: 'anthropic' });

const samplingOf = (request: GenerateRequest, modelId: string, thinking: boolean) => {
  const sampling: Pick<AnthropicParams, 'temperature' | 'top_p' | 'top_k'> = {};
  const warnings: Warning[] = [];
  const values = { temperature: request.temperature, topP: request.topP, topK: request.topK };
  const wire = { temperature: 'temperature', topP: 'top_p', topK: 'top_k' } as const;
  for (const [setting, value] of Object.entries(values) as Array<
    [keyof typeof wire, number | undefined]
  >) {
    if (value === undefined) continue;
    if (!acceptsSamplingParameters(modelId)) {
      warnings.push(unsupported(setting, `${modelId} does not take sampling parameters`));
    } else if (thinking && setting !== 'topP') {
      warnings.push(unsupported(setting, 'not compatible with extended thinking'));
    } else {
      sampling[wire[setting]] = value;
    }
  }
  return { sampling, warnings };
};

const forcesTool = (request: GenerateRequest) =>
  (request.tools?.length ?? 0) > 0 &&
  (request.toolChoice === 'required' || typeof request.toolChoice === 'object');

/**
 * A core request as Messages API parameters (without `stream`), and the settings that could not
 * be honoured as warnings. Throws an `invalid_request` LlmuxError for a request that cannot be
 * sent at all.
 */
export function buildAnthropicRequest(
  request: GenerateRequest,
  modelId: string,
  defaultMaxOutputTokens: number,
): AnthropicRequest {
  if (!Array.isArray(request?.messages)) throw invalid('request.messages must be an array');
  const requestedMax = request.maxOutputTokens ?? defaultMaxOutputTokens;
  if (!Number.isInteger(requestedMax) || requestedMax < 1) {
    throw invalid(`request.maxOutputTokens must be a positive integer, got ${requestedMax}`);
  }
  checkRequestSettings(request);
  const { options, warnings } = readAnthropicProviderOptions(request.providerOptions);
  const prompt = convertToAnthropicMessages(request.messages);
  if (prompt.messages.length === 0) {
    throw invalid('request.messages must hold at least one user or assistant message');
  }
  const reasoning = anthropicThinking(request, options, modelId, requestedMax);
  let { thinking } = reasoning;
  if (thinking?.type !== 'disabled' && thinking && !options.thinking && forcesTool(request)) {
    // Anthropic refuses thinking beside a forced tool: the tool choice is the firmer ask.
    reasoning.warnings.push(
      unsupported('reasoning', 'Claude cannot think when the tool choice forces a tool'),
    );
    thinking = undefined;
  }
  const thinkingOn = thinking !== undefined && thinking.type !== 'disabled';
  const json = anthropicJsonFormat(request.responseFormat, {
    modelId,
    hasTools: (request.tools?.length ?? 0) > 0,
    thinking: thinkingOn,
  });
  const tools = prepareAnthropicTools({
    tools: request.tools,
    toolChoice: request.toolChoice,
    disableParallelToolUse:
      options.disableParallelToolUse ?? (request.parallelToolCalls === false || undefined),
  });
  const toolList = json.tool ? [json.tool] : tools.tools;
  const toolChoice = json.toolChoice ?? tools.toolChoice;
  warnings.push(...prompt.warnings, ...tools.warnings, ...reasoning.warnings, ...json.warnings);
  warnings.push(
    ...applyPromptCache(request.promptCache, {
      tools: toolList ?? [],
      system: prompt.system,
      messageEnds: prompt.messageEnds,
    }),
  );
  if (json.instruction) prompt.system.push({ type: 'text', text: json.instruction });
  const { sampling, warnings: samplingWarnings } = samplingOf(request, modelId, thinkingOn);
  warnings.push(...samplingWarnings);
  if (request.seed !== undefined) {
    warnings.push(unsupported('seed', 'Anthropic has no seed'));
  }
  const settings = anthropicRequestSettings(request, options);
  warnings.push(...settings.warnings);
  const outputConfig = {
    ...(json.format ? { format: json.format } : {}),
    ...(reasoning.effort ? { effort: reasoning.effort } : {}),
  };
  const params: AnthropicParams = {
    model: modelId,
    max_tokens: reasoning.maxTokens,
    messages: prompt.messages,
    ...(prompt.system.length > 0 ? { system: prompt.system } : {}),
    ...(toolList ? { tools: toolList } : {}),
    ...(toolChoice ? { tool_choice: toolChoice } : {}),
    ...(request.stopSequences?.length ? { stop_sequences: request.stopSequences } : {}),
    ...sampling,
    ...(Object.keys(outputConfig).length > 0 ? { output_config: outputConfig } : {}),
    ...(thinking ? { thinking } : {}),
    ...(settings.userId ? { metadata: { user_id: settings.userId } } : {}),
    ...(settings.serviceTier ? { service_tier: settings.serviceTier } : {}),
  };
  return { params, warnings, ...(json.tool ? { jsonTool: JSON_TOOL } : {}) };
}
