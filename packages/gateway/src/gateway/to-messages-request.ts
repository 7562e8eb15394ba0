import type { GenerateRequest, ReasoningOptions, ResponseFormat } from '@llmux/core';
import { createCacheBreakpoints } from './anthropic-cache-control.js';
import { fromAnthropicMessages, fromAnthropicSystem } from './anthropic-to-core-messages.js';
import { fromAnthropicToolChoice, fromAnthropicTools } from './anthropic-tools.js';
import {
  absent,
  anthropicKeys,
  booleanField,
  isObject,
  type Json,
  numberField,
  objectBody,
  objectField,
  refuseUnknownKeys,
  textField,
} from './body-fields.js';
import { badField, RequestFieldError } from './request-field-error.js';
import { requestScope } from './request-scope.js';
import { type ChatRequestContext, requestedModel, splitTags } from './to-generate-request.js';

/** What `count_tokens` takes: the prompt, and what shapes it. */
const promptFields = [
  'model',
  'messages',
  'system',
  'tools',
  'tool_choice',
  'thinking',
  'cache_control',
  'output_config',
] as const;

const messageFields = [
  ...promptFields,
  'max_tokens',
  'temperature',
  'top_p',
  'top_k',
  'stop_sequences',
  'stream',
  'metadata',
  'service_tier',
] as const;

export interface MessagesCall {
  request: GenerateRequest;
  /** The `model` field as sent. */
  requestedModel: string;
  stream: boolean;
  /** `thinking.display: "omitted"`: thinking blocks go back with their signature, not their text. */
  omitThinking: boolean;
}

const efforts = ['low', 'medium', 'high'] as const;

function outputConfig(value: unknown): {
  effort?: ReasoningOptions['effort'];
  responseFormat?: ResponseFormat;
} {
  const config = objectField(value, 'output_config');
  if (!config) return {};
  refuseUnknownKeys(config, 'output_config', ['effort', 'format'], anthropicKeys);
  const { effort, format } = config;
  if (!absent(effort) && !efforts.includes(effort as (typeof efforts)[number])) {
    throw badField(
      'output_config.effort',
      'must be "low", "medium" or "high" (the levels every provider behind llmux has)',
    );
  }
  if (!absent(format)) {
    if (!isObject(format) || format.type !== 'json_schema' || !isObject(format.schema)) {
      throw badField('output_config.format', 'must be { "type": "json_schema", "schema": {...} }');
    }
    refuseUnknownKeys(format, 'output_config.format', ['type', 'schema'], anthropicKeys);
  }
  return {
    ...(!absent(effort) && { effort: effort as ReasoningOptions['effort'] }),
    ...(!absent(format) && {
      responseFormat: { type: 'json', schema: (format as Json).schema as Json, strict: true },
    }),
  };
}

/**
 * `thinking` (with `output_config.effort`) as core's reasoning options: a budget for `enabled`,
 * the effort (Anthropic's default, high) for `adaptive`, none at all for `disabled`.
 */
function thinking(
  value: unknown,
  effort: ReasoningOptions['effort'],
  maxTokens: number | undefined,
): { reasoning?: ReasoningOptions; omitThinking: boolean } {
  const config = objectField(value, 'thinking');
  if (!config) return { ...(effort && { reasoning: { effort } }), omitThinking: false };
  const { type, display } = config;
  if (!absent(display) && display !== 'summarized' && display !== 'omitted') {
    throw badField('thinking.display', 'must be "summarized" or "omitted"');
  }
  const omitThinking = display === 'omitted';
  if (type === 'disabled') {
    refuseUnknownKeys(config, 'thinking', ['type'], anthropicKeys);
    if (effort) {
      throw badField('output_config.effort', 'cannot be honoured with thinking disabled');
    }
    return { reasoning: { effort: 'none' }, omitThinking };
  }
  if (type === 'adaptive') {
    refuseUnknownKeys(config, 'thinking', ['type', 'display'], anthropicKeys);
    return { reasoning: { effort: effort ?? 'high' }, omitThinking };
  }
  if (type !== 'enabled') {
    throw badField('thinking.type', 'must be "enabled", "adaptive" or "disabled"');
  }
  refuseUnknownKeys(config, 'thinking', ['type', 'budget_tokens', 'display'], anthropicKeys);
  const budget = config.budget_tokens;
  if (typeof budget !== 'number' || !Number.isInteger(budget) || budget < 1024) {
    throw badField('thinking.budget_tokens', 'must be an integer of at least 1024');
  }
  if (maxTokens !== undefined && budget >= maxTokens) {
    throw badField('thinking.budget_tokens', 'must be less than max_tokens');
  }
  return { reasoning: { budgetTokens: budget, ...(effort && { effort }) }, omitThinking };
}

/** The prompt of a Messages or count_tokens body, with its cache hint and routing. */
function readPrompt(body: Json, context: ChatRequestContext, maxTokens?: number) {
  const model = requestedModel(body.model);
  const route = context.resolveModel(model);
  const breakpoints = createCacheBreakpoints();
  const tools = fromAnthropicTools(body.tools, breakpoints);
  const system = fromAnthropicSystem(body.system, breakpoints);
  const messages = fromAnthropicMessages(body.messages, breakpoints);
  // Top-level `cache_control` is a breakpoint on the last block of the request.
  breakpoints.mark(body.cache_control, 'cache_control', { messages: messages.length });
  const { effort, responseFormat } = outputConfig(body.output_config);
  const { reasoning, omitThinking } = thinking(body.thinking, effort, maxTokens);
  const task = context.taskHeader;
  if (task !== undefined && task.trim() === '') {
    throw new RequestFieldError(null, 'The x-llmux-task header must not be empty');
  }
  const promptCache = breakpoints.hint();
  const request: GenerateRequest = {
    messages: [...system, ...messages],
    ...(tools && { tools }),
    ...fromAnthropicToolChoice(body.tool_choice),
    ...(responseFormat && { responseFormat }),
    ...(reasoning && { reasoning }),
    ...(promptCache && { promptCache }),
    ...requestScope(
      context,
      {
        ...(task !== undefined && { task: task.trim() }),
        ...(context.tagsHeader !== undefined && { tags: splitTags(context.tagsHeader) }),
      },
      route,
    ),
  };
  return { request, model, omitThinking };
}

const checkBody = (body: unknown, fields: readonly string[]): Json => {
  const json = objectBody(body);
  refuseUnknownKeys(json, '', fields, anthropicKeys);
  return json;
};

function stopSequences(value: unknown): string[] | undefined {
  if (absent(value)) return undefined;
  if (!Array.isArray(value) || !value.every((s) => typeof s === 'string' && s !== '')) {
    throw badField('stop_sequences', 'must be an array of non-empty strings');
  }
  return value;
}

function metadataUser(value: unknown): string | undefined {
  const metadata = objectField(value, 'metadata');
  if (!metadata) return undefined;
  refuseUnknownKeys(metadata, 'metadata', ['user_id'], anthropicKeys);
  return textField(metadata.user_id, 'metadata.user_id');
}

const serviceTiers: Record<string, GenerateRequest['serviceTier']> = {
  auto: 'auto',
  standard_only: 'default',
};

/**
 * An Anthropic Messages body as a core request. Refuses, naming the field, anything it cannot
 * honour (unknown fields included): nothing is dropped silently. `anthropic-version` and
 * `anthropic-beta` headers are accepted and change nothing.
 */
export function toMessagesRequest(body: unknown, context: ChatRequestContext): MessagesCall {
  const json = checkBody(body, messageFields);
  if (absent(json.max_tokens)) throw badField('max_tokens', 'is required');
  const maxOutputTokens = numberField(json.max_tokens, 'max_tokens', 1, 10_000_000, true)!;
  const stream = booleanField(json.stream, 'stream') === true;
  const tier = json.service_tier;
  if (!absent(tier) && !(String(tier) in serviceTiers)) {
    throw badField('service_tier', 'must be "auto" or "standard_only"');
  }
  const { request, model, omitThinking } = readPrompt(json, context, maxOutputTokens);
  const user = metadataUser(json.metadata);
  const stop = stopSequences(json.stop_sequences);
  Object.assign(request, {
    maxOutputTokens,
    temperature: numberField(json.temperature, 'temperature', 0, 1),
    topP: numberField(json.top_p, 'top_p', 0, 1),
    topK: numberField(json.top_k, 'top_k', 1, 1_000_000, true),
    ...(stop && { stopSequences: stop }),
    ...(!absent(tier) && { serviceTier: serviceTiers[String(tier)] }),
  });
  if (user !== undefined) request.metadata = { ...request.metadata, user };
  return { request, requestedModel: model, stream, omitThinking };
}

/** A `count_tokens` body (the prompt alone) as the core request it would make. */
export function toCountTokensRequest(body: unknown, context: ChatRequestContext): GenerateRequest {
  return readPrompt(checkBody(body, promptFields), context).request;
}
