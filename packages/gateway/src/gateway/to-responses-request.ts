import type {
  GenerateRequest,
  Message,
  ReasoningOptions,
  ResponseFormat,
  ToolChoice,
  ToolDefinition,
  Warning,
} from '@llmux/core';
import {
  booleanField,
  isObject,
  type Json,
  nameField,
  numberField,
  objectBody,
  objectField,
  oneOfField,
  refuseUnknownKeys,
  responsesKeys,
  textField,
} from './body-fields.js';
import { checkNesting } from './json-nesting.js';
import { badField } from './request-field-error.js';
import { requestScope } from './request-scope.js';
import { toCoreInput } from './responses-input.js';
import {
  type ChatRequestContext,
  promptCache,
  requestedModel,
  steering,
} from './to-generate-request.js';

/** The fields the Responses API route maps or forwards. */
const served = new Set([
  'model',
  'input',
  'instructions',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'max_output_tokens',
  'max_tool_calls',
  'temperature',
  'top_p',
  'top_logprobs',
  'text',
  'reasoning',
  'stream',
  'stream_options',
  'store',
  'background',
  'truncation',
  'include',
  'metadata',
  'user',
  'safety_identifier',
  'service_tier',
  'prompt_cache_key',
  'prompt_cache_retention',
]);

/** Fields that need state or services the gateway does not keep, and why. */
const refused: Record<string, string> = {
  previous_response_id:
    'the gateway is stateless and keeps no responses: send the whole conversation in "input"',
  conversation:
    'the gateway is stateless and keeps no conversations: send the whole conversation in "input"',
  prompt: 'stored prompt templates are not supported: send the prompt in "instructions"/"input"',
  context_management: 'server-side compaction is not supported',
  prompt_cache_options: 'not supported; use prompt_cache_key and prompt_cache_retention',
  access_programs: 'not supported by this gateway',
  image: 'request-level image options are not supported',
  moderation: 'moderation is not supported by this gateway',
};

const includable = new Set([
  'reasoning.encrypted_content',
  'message.output_text.logprobs',
  // These name outputs of OpenAI's built-in tools, which are refused: nothing to include.
  'file_search_call.results',
  'web_search_call.results',
  'web_search_call.action.sources',
  'message.input_image.image_url',
  'computer_call_output.output.image_url',
  'code_interpreter_call.outputs',
]);

/** What a response object repeats of its request (OpenAI's defaults where it left one out). */
export interface ResponseSettings {
  instructions: string | null;
  max_output_tokens: number | null;
  max_tool_calls: number | null;
  metadata: Json;
  parallel_tool_calls: boolean;
  previous_response_id: null;
  reasoning: { effort: string | null; summary: string | null };
  service_tier: string | null;
  store: false;
  background: false;
  temperature: number | null;
  top_p: number | null;
  top_logprobs: number | null;
  text: Json;
  tool_choice: unknown;
  tools: Json[];
  truncation: 'disabled';
  user?: string;
  safety_identifier?: string;
  prompt_cache_key?: string;
  prompt_cache_retention?: string;
}

export interface ResponsesCall {
  request: GenerateRequest;
  stream: boolean;
  settings: ResponseSettings;
  /** `reasoning.summary`: show the reasoning as summary text (otherwise reasoning items are empty). */
  showReasoning: boolean;
  /** `message.output_text.logprobs` or `top_logprobs`: log probabilities on the output text. */
  logprobs: boolean;
  /** Settings the gateway itself could not honour, once it knows which provider answered. */
  warnings(provider: string): Warning[];
}

const unsupported = (setting: string, details: string): Warning => ({
  type: 'unsupported-setting',
  setting,
  details,
});

/** An object field, which may be free-form JSON (a schema): refused when it nests too deep. */
function object(value: unknown, param: string): Json | undefined {
  const given = objectField(value, param);
  if (given) checkNesting(given, param);
  return given;
}

const toolFields = new Set(['type', 'name', 'description', 'parameters', 'strict']);

/** Function tools (flat, as the Responses API has them); OpenAI's built-in tools are refused. */
function tools(value: unknown): { definitions?: ToolDefinition[]; echo: Json[]; strict: boolean } {
  if (value === undefined || value === null) return { echo: [], strict: false };
  if (!Array.isArray(value)) throw badField('tools', 'must be an array');
  let strict = false;
  const echo: Json[] = [];
  const definitions = value.map((tool, index): ToolDefinition => {
    const at = `tools[${index}]`;
    if (!isObject(tool)) throw badField(at, 'must be an object');
    if (tool.type !== 'function') {
      throw badField(
        `${at}.type`,
        `${JSON.stringify(tool.type)} is not supported: only "function" tools are served here (OpenAI's built-in tools run only at OpenAI)`,
      );
    }
    refuseUnknownKeys(tool, at, toolFields, responsesKeys);
    const name = nameField(tool.name, `${at}.name`);
    const description = textField(tool.description, `${at}.description`);
    const { parameters } = tool;
    const schema = object(parameters, `${at}.parameters`) ?? { type: 'object', properties: {} };
    // The core contract has no strict tools: asked for, it is a warning (see `warnings`).
    const isStrict = booleanField(tool.strict, `${at}.strict`);
    strict ||= isStrict === true;
    echo.push({
      type: 'function',
      name,
      description: description ?? null,
      parameters: schema,
      strict: isStrict ?? null,
    });
    return { name, ...(typeof description === 'string' && { description }), parameters: schema };
  });
  return { definitions, echo, strict };
}

function toolChoice(value: unknown): ToolChoice | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 'auto' || value === 'none' || value === 'required') return value;
  if (isObject(value) && value.type === 'function') {
    refuseUnknownKeys(value, 'tool_choice', new Set(['type', 'name']), responsesKeys);
    if (typeof value.name === 'string' && value.name !== '') {
      return { type: 'tool', toolName: value.name };
    }
  }
  throw badField('tool_choice', 'must be auto, none, required or { type: "function", name }');
}

const formatFields = new Set(['type', 'name', 'schema', 'description', 'strict']);

/** `text.format` as core's response format, and `text.verbosity`. */
function textConfig(value: unknown): { format?: ResponseFormat; verbosity?: string; echo: Json } {
  const text = object(value, 'text');
  if (!text) return { echo: { format: { type: 'text' } } };
  refuseUnknownKeys(text, 'text', new Set(['format', 'verbosity']), responsesKeys);
  const verbosity = oneOfField(text.verbosity, 'text.verbosity', ['low', 'medium', 'high']);
  const format = object(text.format, 'text.format');
  const echo = { format: format ?? { type: 'text' }, ...(verbosity && { verbosity }) };
  if (!format) return { verbosity, echo };
  refuseUnknownKeys(format, 'text.format', formatFields, responsesKeys);
  switch (format.type) {
    case 'text':
      return { format: { type: 'text' }, verbosity, echo };
    case 'json_object':
      return { format: { type: 'json' }, verbosity, echo };
    case 'json_schema': {
      const name = nameField(format.name, 'text.format.name');
      const jsonSchema = object(format.schema, 'text.format.schema');
      if (!jsonSchema) throw badField('text.format.schema', 'is required for json_schema');
      const description = textField(format.description, 'text.format.description');
      const strict = booleanField(format.strict, 'text.format.strict');
      return {
        format: {
          type: 'json',
          schema: jsonSchema,
          name,
          ...(typeof description === 'string' && { description }),
          ...(strict !== undefined && { strict }),
        },
        verbosity,
        echo,
      };
    }
    default:
      throw badField('text.format.type', 'must be text, json_object or json_schema');
  }
}

const efforts = ['none', 'minimal', 'low', 'medium', 'high'] as const;
const summaries = ['auto', 'concise', 'detailed'] as const;

/** `reasoning`: the effort goes to core; a summary asks to be shown what the model thought. */
function reasoning(value: unknown) {
  const config = object(value, 'reasoning');
  if (!config) return { echo: { effort: null, summary: null }, show: false };
  refuseUnknownKeys(
    config,
    'reasoning',
    new Set(['effort', 'summary', 'generate_summary', 'context', 'mode']),
    responsesKeys,
  );
  oneOfField(config.context, 'reasoning.context', ['auto']);
  oneOfField(config.mode, 'reasoning.mode', ['standard']);
  const effort = oneOfField(config.effort, 'reasoning.effort', efforts);
  const summary =
    oneOfField(config.summary, 'reasoning.summary', summaries) ??
    oneOfField(config.generate_summary, 'reasoning.generate_summary', summaries);
  const options: ReasoningOptions | undefined = effort === undefined ? undefined : { effort };
  return { options, echo: { effort: effort ?? null, summary: summary ?? null }, show: !!summary };
}

/** `service_tier`: `fast` is OpenAI's other name for `priority`. */
function serviceTier(value: unknown): GenerateRequest['serviceTier'] {
  const tier = oneOfField(value, 'service_tier', ['auto', 'default', 'flex', 'priority', 'fast']);
  return tier === 'fast' ? 'priority' : tier;
}

function include(value: unknown): Set<string> {
  if (value === undefined || value === null) return new Set();
  if (!Array.isArray(value)) throw badField('include', 'must be an array');
  value.forEach((entry, index) => {
    if (typeof entry !== 'string' || !includable.has(entry)) {
      throw badField(`include[${index}]`, `must be one of ${[...includable].join(', ')}`);
    }
  });
  return new Set(value as string[]);
}

/** Checks the fields that only say what the gateway does anyway, or refuses what it cannot do. */
function checkStatelessFields(body: Json) {
  refuseUnknownKeys(body, '', served, { ...responsesKeys, refused });
  if (booleanField(body.background, 'background')) {
    throw badField(
      'background',
      'background responses need stored state; this gateway is stateless',
    );
  }
  oneOfField(body.truncation, 'truncation', ['disabled']);
  numberField(body.max_tool_calls, 'max_tool_calls', 1, 10_000, true);
}

/**
 * An OpenAI Responses API body (`POST /v1/responses`) as a core request. Every field is mapped,
 * forwarded, or refused with a 400 naming it; the gateway is stateless, so nothing is stored and
 * nothing stored can be referred to. `instructions` is the system message.
 */
export function toResponsesRequest(json: unknown, context: ChatRequestContext): ResponsesCall {
  const body = objectBody(json);
  checkStatelessFields(body);
  const model = requestedModel(body.model);
  const stream = booleanField(body.stream, 'stream') ?? false;
  const streamOptions = object(body.stream_options, 'stream_options');
  if (streamOptions)
    refuseUnknownKeys(
      streamOptions,
      'stream_options',
      new Set(['include_obfuscation']),
      responsesKeys,
    );
  const obfuscation =
    streamOptions &&
    booleanField(streamOptions.include_obfuscation, 'stream_options.include_obfuscation');
  const store = booleanField(body.store, 'store');
  const instructions = textField(body.instructions, 'instructions');
  const user = textField(body.user, 'user');
  const safetyIdentifier = textField(body.safety_identifier, 'safety_identifier');
  if (body.input === undefined || body.input === null) {
    throw badField('input', 'is required (the gateway is stateless: send the whole conversation)');
  }
  const route = context.resolveModel(model);
  const { task, tags } = steering(body, context);
  const messages: Message[] = [
    ...(instructions === undefined ? [] : [{ role: 'system' as const, content: instructions }]),
    ...toCoreInput(body.input),
  ];
  const cacheHint = promptCache(body, messages);
  const toolSet = tools(body.tools);
  const text = textConfig(body.text);
  const thinking = reasoning(body.reasoning);
  const included = include(body.include);
  const topLogprobs = numberField(body.top_logprobs, 'top_logprobs', 0, 20, true);
  const logprobs = included.has('message.output_text.logprobs') || topLogprobs !== undefined;
  const parallelToolCalls = booleanField(body.parallel_tool_calls, 'parallel_tool_calls');
  const maxOutputTokens = numberField(
    body.max_output_tokens,
    'max_output_tokens',
    1,
    10_000_000,
    true,
  );
  const temperature = numberField(body.temperature, 'temperature', 0, 2);
  const topP = numberField(body.top_p, 'top_p', 0, 1);
  const tier = serviceTier(body.service_tier);
  const request: GenerateRequest = {
    messages,
    tools: toolSet.definitions,
    toolChoice: toolChoice(body.tool_choice),
    maxOutputTokens,
    temperature,
    topP,
    responseFormat: text.format,
    ...(thinking.options && { reasoning: thinking.options }),
    ...(parallelToolCalls !== undefined && { parallelToolCalls }),
    ...(logprobs && { logprobs: topLogprobs ? { top: topLogprobs } : {} }),
    ...(tier && { serviceTier: tier }),
    ...(text.verbosity && { providerOptions: { openai: { verbosity: text.verbosity } } }),
    ...(cacheHint && { promptCache: cacheHint }),
    ...requestScope(context, { task, tags, user: safetyIdentifier ?? user }, route),
  };
  const settings: ResponseSettings = {
    instructions: instructions ?? null,
    max_output_tokens: maxOutputTokens ?? null,
    max_tool_calls: (body.max_tool_calls as number | undefined) ?? null,
    metadata: (body.metadata as Json | undefined) ?? {},
    parallel_tool_calls: parallelToolCalls ?? true,
    previous_response_id: null,
    reasoning: thinking.echo,
    service_tier: (body.service_tier as string | undefined) ?? null,
    store: false,
    background: false,
    temperature: temperature ?? null,
    top_p: topP ?? null,
    top_logprobs: topLogprobs ?? null,
    text: text.echo,
    tool_choice: body.tool_choice ?? 'auto',
    tools: toolSet.echo,
    truncation: 'disabled',
    ...(user !== undefined && { user }),
    ...(safetyIdentifier !== undefined && { safety_identifier: safetyIdentifier }),
    ...(typeof body.prompt_cache_key === 'string' && { prompt_cache_key: body.prompt_cache_key }),
    ...(typeof body.prompt_cache_retention === 'string' && {
      prompt_cache_retention: body.prompt_cache_retention,
    }),
  };
  return {
    request,
    stream,
    settings,
    showReasoning: thinking.show,
    logprobs,
    warnings(provider) {
      return [
        ...(store === true
          ? [unsupported('store', 'the gateway is stateless: the response is not stored')]
          : []),
        ...(included.has('reasoning.encrypted_content')
          ? [
              unsupported(
                'include',
                'reasoning.encrypted_content is not returned; reasoning items carry no encrypted content',
              ),
            ]
          : []),
        ...(obfuscation === true
          ? [unsupported('stream_options.include_obfuscation', 'streams are not obfuscated')]
          : []),
        ...(toolSet.strict
          ? [unsupported('tools.strict', 'function arguments are not constrained to the schema')]
          : []),
        ...(text.verbosity !== undefined && provider !== 'openai'
          ? [unsupported('text.verbosity', `${provider} models take no verbosity`)]
          : []),
      ];
    },
  };
}
