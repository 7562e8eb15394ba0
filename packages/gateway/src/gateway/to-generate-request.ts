import type {
  GenerateRequest,
  Message,
  PromptCacheHint,
  ResponseFormat,
  RoutePlan,
  ToolChoice,
  ToolDefinition,
} from '@llmux/core';
import { checkNesting } from './json-nesting.js';
import { badField, RequestFieldError } from './request-field-error.js';
import { toCoreMessages } from './to-core-messages.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What the gateway adds to a body: who asks, and the steering headers. */
export interface ChatRequestContext {
  tenant: string;
  requestId: string;
  /** `x-llmux-task` */
  taskHeader?: string;
  /** `x-llmux-tags`, comma-separated */
  tagsHeader?: string;
  /** The plan that pins a concrete model; undefined for `auto` (the router decides). */
  resolveModel(model: string): RoutePlan | undefined;
  signal?: AbortSignal;
  /** When the whole request must be done (epoch ms): every layer below honours it. */
  deadlineAt?: number;
}

export interface ChatCall {
  request: GenerateRequest;
  /** The `model` field as sent: `auto` or the pinned model. */
  requestedModel: string;
  stream: boolean;
  /** `stream_options.include_usage`: a last chunk with the usage. */
  includeUsage: boolean;
}

/** A number field within [min, max] (null or absent: undefined); a 400 naming it otherwise. */
export function number(body: Json, key: string, min: number, max: number, integer = false) {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    throw badField(key, `must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
  }
  return value;
}

function tools(value: unknown): ToolDefinition[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw badField('tools', 'must be an array');
  return value.map((tool, index) => {
    const at = `tools[${index}]`;
    if (!isObject(tool) || tool.type !== 'function')
      throw badField(`${at}.type`, 'must be "function"');
    const fn = tool.function;
    if (!isObject(fn) || typeof fn.name !== 'string' || !/^[\w-]{1,64}$/.test(fn.name)) {
      throw badField(`${at}.function.name`, 'must be 1 to 64 letters, digits, _ or -');
    }
    if (fn.parameters !== undefined && !isObject(fn.parameters)) {
      throw badField(`${at}.function.parameters`, 'must be a JSON Schema object');
    }
    checkNesting(fn.parameters, `${at}.function.parameters`);
    return {
      name: fn.name,
      ...(typeof fn.description === 'string' && { description: fn.description }),
      parameters: (fn.parameters as Json | undefined) ?? { type: 'object', properties: {} },
    };
  });
}

function toolChoice(value: unknown): ToolChoice | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 'auto' || value === 'none' || value === 'required') return value;
  if (isObject(value) && value.type === 'function' && isObject(value.function)) {
    const name = value.function.name;
    if (typeof name === 'string' && name !== '') return { type: 'tool', toolName: name };
  }
  throw badField(
    'tool_choice',
    'must be auto, none, required or { type: "function", function: { name } }',
  );
}

function responseFormat(value: unknown): ResponseFormat | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw badField('response_format', 'must be an object');
  if (value.type === 'text') return { type: 'text' };
  if (value.type === 'json_object') return { type: 'json' };
  if (value.type === 'json_schema' && isObject(value.json_schema)) {
    const { name, schema, description } = value.json_schema;
    if (schema !== undefined && !isObject(schema)) {
      throw badField('response_format.json_schema.schema', 'must be a JSON Schema object');
    }
    checkNesting(schema, 'response_format.json_schema.schema');
    return {
      type: 'json',
      ...(schema !== undefined && { schema: schema as Json }),
      ...(typeof name === 'string' && { name }),
      ...(typeof description === 'string' && { description }),
    };
  }
  throw badField('response_format.type', 'must be text, json_object or json_schema');
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
  const { metadata } = body;
  if (metadata !== undefined && metadata !== null && !isObject(metadata)) {
    throw badField('metadata', 'must be an object');
  }
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

/**
 * What every model route adds to its core request: the call's cancellation and deadline, who
 * asks (tenant, request id, task, tags, end user) and the pinned route, if any.
 */
export function requestScope(
  context: ChatRequestContext,
  who: { task?: string; tags?: string[]; user?: string },
  route: RoutePlan | undefined,
): Pick<GenerateRequest, 'signal' | 'deadlineAt' | 'metadata' | 'route'> {
  return {
    signal: context.signal,
    ...(context.deadlineAt !== undefined && { deadlineAt: context.deadlineAt }),
    metadata: {
      tenant: context.tenant,
      requestId: context.requestId,
      ...(who.task !== undefined && { task: who.task }),
      ...(who.tags !== undefined && { tags: who.tags }),
      ...(who.user !== undefined && { user: who.user }),
    },
    ...(route && { route }),
  };
}

/**
 * An OpenAI Chat Completions body as a core request. Refuses, naming the field, what cannot be
 * honoured; ignores the fields that change nothing here (`store`, `logprobs: false`, ...).
 */
export function toGenerateRequest(body: unknown, context: ChatRequestContext): ChatCall {
  if (!isObject(body)) throw new RequestFieldError(null, 'The request body must be a JSON object');
  const { model } = body;
  if (typeof model !== 'string' || model === '')
    throw badField('model', 'must be a non-empty string ("auto" lets llmux choose)');
  if (body.n !== undefined && body.n !== null && body.n !== 1)
    throw badField('n', 'only 1 choice is supported');
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean') {
    throw badField('stream', 'must be true or false');
  }
  const streamOptions = body.stream_options;
  if (streamOptions !== undefined && streamOptions !== null && !isObject(streamOptions)) {
    throw badField('stream_options', 'must be an object');
  }
  if (body.user !== undefined && typeof body.user !== 'string')
    throw badField('user', 'must be a string');
  const route = context.resolveModel(model);
  const { task, tags } = steering(body, context);
  const messages = toCoreMessages(body.messages);
  const cacheHint = promptCache(body, messages);
  const request: GenerateRequest = {
    messages,
    tools: tools(body.tools),
    toolChoice: toolChoice(body.tool_choice),
    maxOutputTokens:
      number(body, 'max_completion_tokens', 1, 10_000_000, true) ??
      number(body, 'max_tokens', 1, 10_000_000, true),
    temperature: number(body, 'temperature', 0, 2),
    topP: number(body, 'top_p', 0, 1),
    seed: number(body, 'seed', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, true),
    stopSequences: stop(body.stop),
    responseFormat: responseFormat(body.response_format),
    ...(cacheHint && { promptCache: cacheHint }),
    ...requestScope(context, { task, tags, user: body.user as string | undefined }, route),
  };
  return {
    request,
    requestedModel: model,
    stream: body.stream === true,
    includeUsage: streamOptions?.include_usage === true,
  };
}
