import {
  type GenerateRequest,
  LlmuxError,
  unsupportedSetting as unsupported,
  type Warning,
} from '@llmux/core';
import { readAnthropicProviderOptions } from './anthropic-provider-options.js';
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

/**
 * A core request as Messages API parameters (without `stream`), and the settings that could not
 * be honoured as warnings. Throws an `invalid_request` LlmuxError for a request that cannot be
 * sent at all.
 */
export function buildAnthropicRequest(
  request: GenerateRequest,
  modelId: string,
  defaultMaxOutputTokens: number,
): { params: AnthropicParams; warnings: Warning[] } {
  if (!Array.isArray(request?.messages)) throw invalid('request.messages must be an array');
  const maxTokens = request.maxOutputTokens ?? defaultMaxOutputTokens;
  if (!Number.isInteger(maxTokens) || maxTokens < 1) {
    throw invalid(`request.maxOutputTokens must be a positive integer, got ${maxTokens}`);
  }
  const { options, warnings } = readAnthropicProviderOptions(request.providerOptions);
  const prompt = convertToAnthropicMessages(request.messages);
  if (prompt.messages.length === 0) {
    throw invalid('request.messages must hold at least one user or assistant message');
  }
  const tools = prepareAnthropicTools({
    tools: request.tools,
    toolChoice: request.toolChoice,
    disableParallelToolUse: options.disableParallelToolUse,
  });
  warnings.push(...prompt.warnings, ...tools.warnings);
  warnings.push(
    ...applyPromptCache(request.promptCache, {
      tools: tools.tools ?? [],
      system: prompt.system,
      messageEnds: prompt.messageEnds,
    }),
  );
  const thinking = options.thinking;
  const thinkingOn = thinking !== undefined && thinking.type !== 'disabled';
  const { sampling, warnings: samplingWarnings } = samplingOf(request, modelId, thinkingOn);
  warnings.push(...samplingWarnings);
  if (request.seed !== undefined) {
    warnings.push(unsupported('seed', 'Anthropic has no seed'));
  }
  const format = request.responseFormat;
  if (format?.type === 'json' && !format.schema) {
    warnings.push(
      unsupported('responseFormat', 'Anthropic constrains JSON output only with a schema'),
    );
  }
  const outputConfig = {
    ...(format?.type === 'json' && format.schema
      ? { format: { type: 'json_schema' as const, schema: format.schema } }
      : {}),
    ...(options.effort ? { effort: options.effort } : {}),
  };
  const params: AnthropicParams = {
    model: modelId,
    max_tokens: maxTokens,
    messages: prompt.messages,
    ...(prompt.system.length > 0 ? { system: prompt.system } : {}),
    ...(tools.tools ? { tools: tools.tools } : {}),
    ...(tools.toolChoice ? { tool_choice: tools.toolChoice } : {}),
    ...(request.stopSequences?.length ? { stop_sequences: request.stopSequences } : {}),
    ...sampling,
    ...(Object.keys(outputConfig).length > 0 ? { output_config: outputConfig } : {}),
    ...(thinking
      ? {
          thinking:
            thinking.type === 'enabled'
              ? { type: 'enabled', budget_tokens: thinking.budgetTokens }
              : { type: thinking.type },
        }
      : {}),
    ...(options.userId ? { metadata: { user_id: options.userId } } : {}),
    ...(options.serviceTier ? { service_tier: options.serviceTier } : {}),
  };
  return { params, warnings };
}
