import {
  checkRequestSettings,
  type GenerateRequest,
  LlmuxError,
  type ResponseFormat,
  unsupportedSetting as unsupported,
  type Warning,
} from '@llmux/core';
import type { ChatCompletionCreateParamsBase } from 'openai/resources/chat/completions';
import { convertToOpenAIChatMessages } from './convert-to-openai-chat-messages.js';
import { parseOpenAIChatOptions } from './openai-chat-options.js';
import { openaiChatSettings } from './openai-chat-settings.js';
import { prepareOpenAITools } from './prepare-openai-tools.js';
import { prefixMessages, promptCacheKey } from './prompt-cache-key.js';
import { promptCacheRetention } from './prompt-cache-retention.js';

/** Requests read their provider options from `providerOptions.openai`. */
export const PROVIDER_OPTIONS_KEY = 'openai';

export interface ChatRequestSettings {
  modelId: string;
  /** Whether the model takes `json_schema` response formats (else `json_object` is used). */
  supportsJsonSchema: boolean;
}

export interface OpenAIChatRequest {
  body: ChatCompletionCreateParamsBase;
  warnings: Warning[];
}

/**
 * `response_format` for a JSON response format: `json_schema` (strict where the format or
 * `providerOptions.openai.strictJsonSchema`, which wins, asks for it), or `json_object`.
 */
function responseFormatOf(
  format: ResponseFormat | undefined,
  supportsJsonSchema: boolean,
  strictOption: boolean | undefined,
  warnings: Warning[],
): ChatCompletionCreateParamsBase['response_format'] {
  if (format === undefined || format.type === 'text') return undefined;
  if (format.type !== 'json') {
    throw new LlmuxError({
      kind: 'invalid_request',
      message: `responseFormat.type must be text or json, got ${JSON.stringify((format as { type?: unknown }).type)}`,
    });
  }
  if (!format.schema) return { type: 'json_object' };
  if (!supportsJsonSchema) {
    warnings.push(
      unsupported(
        'responseFormat.schema',
        'the model has no json_schema mode; asked for JSON only',
      ),
    );
    return { type: 'json_object' };
  }
  return {
    type: 'json_schema',
    json_schema: {
      name: format.name ?? 'response',
      ...(format.description === undefined ? {} : { description: format.description }),
      schema: format.schema,
      strict: strictOption ?? format.strict ?? false,
    },
  };
}

/**
 * The prompt-cache hint on the wire: `prompt_cache_key` as given, else derived from the hinted
 * prefix (so that requests sharing it reach the same cache), and `prompt_cache_retention` for
 * its lifetime where the model has one to match.
 */
function promptCacheFields(
  request: GenerateRequest,
  modelId: string,
  tools: ChatCompletionCreateParamsBase['tools'],
  warnings: Warning[],
): Pick<ChatCompletionCreateParamsBase, 'prompt_cache_key' | 'prompt_cache_retention'> {
  const hint = request.promptCache;
  if (!hint) return {};
  const prefix = prefixMessages(request.messages, hint.prefix);
  const key =
    hint.key ??
    promptCacheKey({
      tenant: request.metadata?.tenant,
      tools,
      messages: prefix.length > 0 ? convertToOpenAIChatMessages(prefix) : [],
    });
  if (key === undefined) {
    warnings.push(unsupported('promptCache', 'the request has no prefix to cache'));
  }
  const { retention, warnings: retentionWarnings } = promptCacheRetention(modelId, hint.ttl);
  warnings.push(...retentionWarnings);
  return {
    ...(key === undefined ? {} : { prompt_cache_key: key }),
    ...(retention === undefined ? {} : { prompt_cache_retention: retention }),
  };
}

/**
 * A core request as a Chat Completions body, with a warning for each setting OpenAI cannot take
 * (top-k; sampling settings on reasoning models, which refuse them: see `openaiChatSettings`).
 */
export function buildOpenAIChatRequest(
  request: GenerateRequest,
  settings: ChatRequestSettings,
): OpenAIChatRequest {
  if (typeof request !== 'object' || request === null) {
    throw new LlmuxError({ kind: 'invalid_request', message: 'The request must be an object' });
  }
  const { modelId } = settings;
  checkRequestSettings(request);
  const options = parseOpenAIChatOptions(request.providerOptions, PROVIDER_OPTIONS_KEY);
  const tools = prepareOpenAITools(request.tools, request.toolChoice);
  const generation = openaiChatSettings(request, modelId, tools.tools !== undefined);
  const warnings: Warning[] = [...options.warnings, ...tools.warnings];
  const { maxOutputTokens } = request;
  if (
    maxOutputTokens !== undefined &&
    !(Number.isInteger(maxOutputTokens) && maxOutputTokens > 0)
  ) {
    throw new LlmuxError({
      kind: 'invalid_request',
      message: `maxOutputTokens must be a positive integer, got ${String(maxOutputTokens)}`,
    });
  }

  warnings.push(...generation.warnings);
  if (request.topK !== undefined) warnings.push(unsupported('topK', 'OpenAI has no top-k'));

  const body: ChatCompletionCreateParamsBase = {
    model: modelId,
    messages: convertToOpenAIChatMessages(request.messages),
    ...(tools.tools ? { tools: tools.tools } : {}),
    ...(tools.tool_choice ? { tool_choice: tools.tool_choice } : {}),
    ...(maxOutputTokens === undefined ? {} : { max_completion_tokens: maxOutputTokens }),
    ...(request.stopSequences?.length ? { stop: request.stopSequences } : {}),
    ...(request.seed === undefined ? {} : { seed: request.seed }),
    ...generation.body,
    ...promptCacheFields(request, modelId, tools.tools, warnings),
  };
  const responseFormat = responseFormatOf(
    request.responseFormat,
    settings.supportsJsonSchema,
    options.strictJsonSchema,
    warnings,
  );
  if (responseFormat) body.response_format = responseFormat;
  return { body: { ...body, ...options.body, ...options.extraBody }, warnings };
}
