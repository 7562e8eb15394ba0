import type { GenerateRequest, ReasoningOptions, ResponseFormat } from '@llmux/core';
import { createCacheBreakpoints } from './anthropic-cache-control.js';
import { fromAnthropicMessages, fromAnthropicSystem } from './anthropic-to-core-messages.js';
import { fromAnthropicToolChoice, fromAnthropicTools } from './anthropic-tools.js';
import { isObject, type Json, onlyKeys } from './json-fields.js';
import { badField, RequestFieldError } from './request-field-error.js';
import { type ChatRequestContext, number, splitTags } from './to-generate-request.js';

const absent = (value: unknown): value is undefined | null => value === undefined || value === null;

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
  if (absent(value)) return {};
  if (!isObject(value)) throw badField('output_config', 'must be an object');
  onlyKeys(value, ['effort', 'format'], 'output_config');
  const { effort, format } = value;
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
    onlyKeys(format, ['type', 'schema'], 'output_config.format');
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
  if (absent(value)) return { ...(effort && { reasoning: { effort } }), omitThinking: false };
  if (!isObject(value)) throw badField('thinking', 'must be an object');
  const { type, display } = value;
  if (!absent(display) && display !== 'summarized' && display !== 'omitted') {
    throw badField('thinking.display', 'must be "summarized" or "omitted"');
  }
  const omitThinking = display === 'omitted';
  if (type === 'disabled') {
    onlyKeys(value, ['type'], 'thinking');
    if (effort) {
      throw badField('output_config.effort', 'cannot be honoured with thinking disabled');
    }
    return { reasoning: { effort: 'none' }, omitThinking };
  }
  if (type === 'adaptive') {
    onlyKeys(value, ['type', 'display'], 'thinking');
    return { reasoning: { effort: effort ?? 'high' }, omitThinking };
  }
  if (type !== 'enabled') {
    throw badField('thinking.type', 'must be "enabled", "adaptive" or "disabled"');
  }
  onlyKeys(value, ['type', 'budget_tokens', 'display'], 'thinking');
  const budget = value.budget_tokens;
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
  const { model } = body;
  if (typeof model !== 'string' || model === '') {
    throw badField('model', 'must be a non-empty string ("auto" lets llmux choose)');
  }
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
    signal: context.signal,
    ...(context.deadlineAt !== undefined && { deadlineAt: context.deadlineAt }),
    metadata: {
      tenant: context.tenant,
      requestId: context.requestId,
      ...(task !== undefined && { task: task.trim() }),
      ...(context.tagsHeader !== undefined && { tags: splitTags(context.tagsHeader) }),
    },
    ...(route && { route }),
  };
  return { request, model, omitThinking };
}

const checkBody = (body: unknown, fields: readonly string[]): Json => {
  if (!isObject(body)) throw new RequestFieldError(null, 'The request body must be a JSON object');
  onlyKeys(body, fields, '');
  return body;
};

function stopSequences(value: unknown): string[] | undefined {
  if (absent(value)) return undefined;
  if (!Array.isArray(value) || !value.every((s) => typeof s === 'string' && s !== '')) {
    throw badField('stop_sequences', 'must be an array of non-empty strings');
  }
  return value;
}

function metadataUser(value: unknown): string | undefined {
  if (absent(value)) return undefined;
  if (!isObject(value)) throw badField('metadata', 'must be an object');
  onlyKeys(value, ['user_id'], 'metadata');
  if (absent(value.user_id)) return undefined;
  if (typeof value.user_id !== 'string') throw badField('metadata.user_id', 'must be a string');
  return value.user_id;
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
  const maxOutputTokens = number(json, 'max_tokens', 1, 10_000_000, true)!;
  if (!absent(json.stream) && typeof json.stream !== 'boolean') {
    throw badField('stream', 'must be true or false');
  }
  const tier = json.service_tier;
  if (!absent(tier) && !(String(tier) in serviceTiers)) {
    throw badField('service_tier', 'must be "auto" or "standard_only"');
  }
  const { request, model, omitThinking } = readPrompt(json, context, maxOutputTokens);
  const user = metadataUser(json.metadata);
  const stop = stopSequences(json.stop_sequences);
  Object.assign(request, {
    maxOutputTokens,
    temperature: number(json, 'temperature', 0, 1),
    topP: number(json, 'top_p', 0, 1),
    topK: number(json, 'top_k', 1, 1_000_000, true),
    ...(stop && { stopSequences: stop }),
    ...(!absent(tier) && { serviceTier: serviceTiers[String(tier)] }),
  });
  if (user !== undefined) request.metadata = { ...request.metadata, user };
  return { request, requestedModel: model, stream: json.stream === true, omitThinking };
}

/** A `count_tokens` body (the prompt alone) as the core request it would make. */
export function toCountTokensRequest(body: unknown, context: ChatRequestContext): GenerateRequest {
  return readPrompt(checkBody(body, promptFields), context).request;
}
