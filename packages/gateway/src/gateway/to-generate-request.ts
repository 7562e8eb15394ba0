import type {
  GenerateRequest,
  Message,
  PromptCacheHint,
  ReasoningOptions,
  ResponseFormat,
  RoutePlan,
  Warning,
} from '@llmux/core';
import {
  absent,
  booleanField,
  checkedObject,
  type Json,
  numberField,
  objectBody,
  objectField,
  oneOfField,
  refuseUnknownKeys,
  stringField,
} from './body-fields.js';
import { checkChatRequestFields } from './chat-request-fields.js';
import { checkNesting } from './json-nesting.js';
import { openaiOnlyFields } from './openai-only-fields.js';
import { badField } from './request-field-error.js';
import { type CallerContext, requestScope } from './request-scope.js';
import { toCoreMessages } from './to-core-messages.js';
import { toCoreTools } from './to-core-tools.js';

/** What the gateway adds to a body: who asks, and the steering headers. */
export interface ChatRequestContext extends CallerContext {
  /** `x-llmux-task` */
  taskHeader?: string;
  /** `x-llmux-tags`, comma-separated */
  tagsHeader?: string;
  /** The plan that pins a concrete model; undefined for `auto` (the router decides). */
  resolveModel(model: string): RoutePlan | undefined;
}

export interface ChatCall {
  request: GenerateRequest;
  /** The `model` field as sent: `auto` or the pinned model. */
  requestedModel: string;
  stream: boolean;
  /** `stream_options.include_usage`: a last chunk with the usage. */
  includeUsage: boolean;
  /** Settings of the request no provider will honour (a tool's `strict`). */
  warnings: Warning[];
  /** The fields given that only OpenAI models take: warned when another provider answers. */
  openaiOnly: string[];
}

const maxTokens = 10_000_000;

/** `max_completion_tokens`, or its deprecated name `max_tokens`: two different limits are refused. */
function maxOutputTokens(body: Json): number | undefined {
  const limit = numberField(
    body.max_completion_tokens,
    'max_completion_tokens',
    1,
    maxTokens,
    true,
  );
  const legacy = numberField(body.max_tokens, 'max_tokens', 1, maxTokens, true);
  if (limit !== undefined && legacy !== undefined && limit !== legacy) {
    throw badField('max_tokens', 'differs from max_completion_tokens; send one of them');
  }
  return limit ?? legacy;
}

/** `logprobs: true`, with `top_logprobs` alternatives per token (which need `logprobs`). */
function logprobs(body: Json): GenerateRequest['logprobs'] {
  const wanted = booleanField(body.logprobs, 'logprobs');
  const top = numberField(body.top_logprobs, 'top_logprobs', 0, 20, true);
  if (top !== undefined && wanted !== true) throw badField('top_logprobs', 'needs logprobs: true');
  if (wanted !== true) return undefined;
  return top === undefined ? {} : { top };
}

const efforts = ['none', 'minimal', 'low', 'medium', 'high'] as const;

function reasoning(body: Json): ReasoningOptions | undefined {
  const effort = oneOfField(body.reasoning_effort, 'reasoning_effort', efforts);
  return effort === undefined ? undefined : { effort };
}

/** OpenAI's `fast` is its `priority` tier under another name; `scale` is refused. */
function serviceTier(body: Json): GenerateRequest['serviceTier'] {
  const tiers = ['auto', 'default', 'flex', 'priority', 'fast'] as const;
  const tier = oneOfField(body.service_tier, 'service_tier', tiers);
  return tier === 'fast' ? 'priority' : tier;
}

/** Only text comes back: `modalities` may ask for text, nothing else. */
function checkModalities(value: unknown): void {
  if (absent(value)) return;
  if (!Array.isArray(value) || value.some((modality) => modality !== 'text')) {
    const audio = Array.isArray(value) && value.includes('audio');
    throw badField('modalities', audio ? 'audio output is not supported' : 'must be ["text"]');
  }
}

/**
 * `stream_options`, with a stream only (as OpenAI has it). `include_obfuscation` is honoured as
 * it is: llmux adds no obfuscation padding to its chunks.
 */
function includeUsage(body: Json, stream: boolean): boolean {
  const options = checkedObject(body.stream_options, 'stream_options', {
    include_usage: booleanField,
    include_obfuscation: booleanField,
  });
  if (options && !stream) throw badField('stream_options', 'is only allowed with stream: true');
  return options?.include_usage === true;
}

const formatKeys = new Set(['type', 'json_schema']);
/** Named as core's `ResponseFormat` names them. */
const jsonSchemaChecks = {
  name: stringField,
  description: stringField,
  schema: objectField,
  strict: booleanField,
};

function responseFormat(value: unknown): ResponseFormat | undefined {
  const format = objectField(value, 'response_format');
  if (!format) return undefined;
  refuseUnknownKeys(format, 'response_format', formatKeys);
  if (format.type !== 'json_schema' && !absent(format.json_schema)) {
    throw badField('response_format.json_schema', 'goes with type json_schema only');
  }
  if (format.type === 'text') return { type: 'text' };
  if (format.type === 'json_object') return { type: 'json' };
  if (format.type !== 'json_schema') {
    throw badField('response_format.type', 'must be text, json_object or json_schema');
  }
  const at = 'response_format.json_schema';
  const schema = checkedObject(format.json_schema, at, jsonSchemaChecks);
  if (!schema) throw badField(at, 'must be an object');
  checkNesting(schema.schema, `${at}.schema`);
  const given = Object.entries(schema).filter(([, field]) => !absent(field));
  return { type: 'json', ...Object.fromEntries(given) };
}

function stop(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || !list.every((s) => typeof s === 'string')) {
    throw badField('stop', 'must be a string or an array of strings');
  }
  return list;
}

const retentions: Record<string, PromptCacheHint['ttl']> = { in_memory: '5m', '24h': '1h' };

/**
 * OpenAI's `prompt_cache_key` and `prompt_cache_retention` as core's hint: the prefix is every
 * message but the last (OpenAI caches the longest prefix it has seen), so each provider caches
 * the conversation so far, and a key keeps requests that share it on one cache.
 */
export function promptCache(body: Json, messages: Message[]): PromptCacheHint | undefined {
  const key = body.prompt_cache_key;
  const retention = body.prompt_cache_retention;
  if ((key === undefined || key === null) && (retention === undefined || retention === null)) {
    return undefined;
  }
  if (key !== undefined && key !== null && (typeof key !== 'string' || key === '')) {
    throw badField('prompt_cache_key', 'must be a non-empty string');
  }
  if (retention !== undefined && retention !== null && !(String(retention) in retentions)) {
    throw badField('prompt_cache_retention', 'must be "in_memory" or "24h"');
  }
  // The hint counts the turns after the system prompt.
  const turns = messages.filter((message) => message.role !== 'system').length;
  return {
    prefix: turns > 1 ? { messages: turns - 1 } : 'system',
    ...(typeof key === 'string' && { key }),
    ...(typeof retention === 'string' && { ttl: retentions[retention] }),
  };
}

export const splitTags = (value: string) =>
  value
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);

/** `metadata: { task, tags }`, overridden by the `x-llmux-task` and `x-llmux-tags` headers. */
export function steering(body: Json, context: ChatRequestContext) {
  const metadata = objectField(body.metadata, 'metadata');
  const task = context.taskHeader ?? metadata?.task;
  if (task !== undefined && (typeof task !== 'string' || task === '')) {
    throw badField('metadata.task', 'must be a non-empty string');
  }
  let tags: string[] | undefined;
  if (context.tagsHeader !== undefined) tags = splitTags(context.tagsHeader);
  else if (typeof metadata?.tags === 'string') tags = splitTags(metadata.tags);
  else if (metadata?.tags !== undefined) {
    if (!Array.isArray(metadata.tags) || !metadata.tags.every((t) => typeof t === 'string')) {
      throw badField('metadata.tags', 'must be a comma-separated string or an array of strings');
    }
    tags = metadata.tags;
  }
  return { task, tags };
}

/** The `model` field of a model route: `auto` or the model to pin. */
export function requestedModel(value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    throw badField('model', 'must be a non-empty string ("auto" lets llmux choose)');
  }
  return value;
}

/**
 * An OpenAI Chat Completions body as a core request. Every field is mapped to the core request,
 * forwarded to OpenAI as `providerOptions.openai` (see `openaiOnlyFields`), or refused with the
 * field named: none is dropped without a word.
 */
export function toGenerateRequest(json: unknown, context: ChatRequestContext): ChatCall {
  const body = objectBody(json);
  checkChatRequestFields(body);
  const model = requestedModel(body.model);
  if (!absent(body.n) && body.n !== 1) throw badField('n', 'only 1 choice is supported');
  checkModalities(body.modalities);
  const stream = booleanField(body.stream, 'stream') === true;
  const route = context.resolveModel(model);
  const { task, tags } = steering(body, context);
  const openai = openaiOnlyFields(body);
  const messages = toCoreMessages(body.messages);
  const cacheHint = promptCache(body, messages);
  const tools = toCoreTools(body.tools, body.tool_choice);
  // The request record's and the trace's user; not OpenAI's, whose cache key it would split.
  const user = stringField(body.user, 'user');
  const request: GenerateRequest = {
    messages,
    tools: tools.tools,
    toolChoice: tools.toolChoice,
    maxOutputTokens: maxOutputTokens(body),
    temperature: numberField(body.temperature, 'temperature', 0, 2),
    topP: numberField(body.top_p, 'top_p', 0, 1),
    topK: numberField(body.top_k, 'top_k', 1, Number.MAX_SAFE_INTEGER, true),
    seed: numberField(body.seed, 'seed', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, true),
    stopSequences: stop(body.stop),
    frequencyPenalty: numberField(body.frequency_penalty, 'frequency_penalty', -2, 2),
    presencePenalty: numberField(body.presence_penalty, 'presence_penalty', -2, 2),
    responseFormat: responseFormat(body.response_format),
    reasoning: reasoning(body),
    parallelToolCalls: booleanField(body.parallel_tool_calls, 'parallel_tool_calls'),
    logprobs: logprobs(body),
    serviceTier: serviceTier(body),
    ...(cacheHint && { promptCache: cacheHint }),
    ...(openai.options && { providerOptions: { openai: openai.options } }),
    ...requestScope(context, { task, tags, user }, route),
  };
  return {
    request,
    requestedModel: model,
    stream,
    includeUsage: includeUsage(body, stream),
    warnings: tools.warnings,
    openaiOnly: openai.fields,
  };
}
