import type { IncomingHttpHeaders } from 'node:http';
import { isObject } from '../simulator/is-object.js';
import { type SimRequest, SimulatorRequestError } from '../simulator/types.js';
import { checkOpenAISettings } from './openai-settings.js';

type Json = Record<string, unknown>;

const roles = ['system', 'developer', 'user', 'assistant', 'tool', 'function'];

/** Models that refuse `max_tokens` and non-default sampling, as the real API does. */
export const isReasoningModel = (model: string): boolean =>
  /^(o\d|gpt-([5-9]|\d{2}))/.test(model) && !model.includes('-chat');

const invalid = (message: string) => new SimulatorRequestError(message, 400);

/** Text of a message `content`: a string, or an array of parts of which the text ones count. */
const contentText = (content: unknown): string => {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (isObject(part) && typeof part.text === 'string' ? part.text : ''))
    .join('');
};

function checkMessages(messages: unknown): Json[] {
  if (messages === undefined) throw invalid(`Missing required parameter: 'messages'.`);
  if (!Array.isArray(messages)) {
    throw invalid(`Invalid type for 'messages': expected an array, but got ${typeof messages}.`);
  }
  if (messages.length === 0) {
    throw invalid(
      `Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.`,
    );
  }
  let openToolCalls = new Set<string>();
  messages.forEach((message, i) => {
    if (!isObject(message)) {
      throw invalid(
        `Invalid type for 'messages[${i}]': expected an object, but got ${typeof message}.`,
      );
    }
    if (!roles.includes(String(message.role))) {
      throw invalid(
        `Invalid value for 'messages[${i}].role': '${String(message.role)}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`,
      );
    }
    if (message.role === 'tool') {
      if (typeof message.tool_call_id !== 'string') {
        throw invalid(`Missing required parameter: 'messages[${i}].tool_call_id'.`);
      }
      if (!openToolCalls.has(message.tool_call_id)) {
        throw invalid(
          `Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.`,
        );
      }
      return;
    }
    openToolCalls = new Set(
      message.role === 'assistant' && Array.isArray(message.tool_calls)
        ? message.tool_calls.map((call) => (isObject(call) ? String(call.id) : ''))
        : [],
    );
  });
  return messages as Json[];
}

function checkTools(tools: unknown): Json[] {
  if (tools === undefined) return [];
  if (!Array.isArray(tools)) {
    throw invalid(`Invalid type for 'tools': expected an array, but got ${typeof tools}.`);
  }
  tools.forEach((tool, i) => {
    if (!isObject(tool) || !isObject(tool.function)) {
      throw invalid(`Missing required parameter: 'tools[${i}].function'.`);
    }
    if (typeof tool.function.name !== 'string') {
      throw invalid(`Missing required parameter: 'tools[${i}].function.name'.`);
    }
  });
  return tools as Json[];
}

/** Refuses what reasoning models refuse (recorded: reasoning-model-legacy-parameter-error.json). */
function checkReasoningParameters(body: Json, model: string): void {
  if (!isReasoningModel(model)) return;
  if (body.max_tokens !== undefined && body.max_tokens !== null) {
    throw invalid(
      `Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.`,
    );
  }
  for (const name of ['temperature', 'top_p']) {
    const value = body[name];
    if (value !== undefined && value !== null && value !== 1) {
      throw invalid(
        `Unsupported value: '${name}' does not support ${String(value)} with this model. Only the default (1) value is supported.`,
      );
    }
  }
}

/** Every text the model would read: messages, tool calls and results, tool definitions. */
export function promptTextOf(messages: Json[], tools: Json[], responseFormat: unknown): string {
  const texts: string[] = [];
  for (const message of messages) {
    texts.push(contentText(message.content));
    for (const call of Array.isArray(message.tool_calls) ? message.tool_calls : []) {
      if (isObject(call) && isObject(call.function)) {
        texts.push(String(call.function.name ?? ''), String(call.function.arguments ?? ''));
      }
    }
  }
  for (const tool of tools) {
    const fn = tool.function as Json;
    texts.push(String(fn.name), String(fn.description ?? ''), JSON.stringify(fn.parameters ?? {}));
  }
  if (isObject(responseFormat) && isObject(responseFormat.json_schema)) {
    texts.push(JSON.stringify(responseFormat.json_schema.schema ?? {}));
  }
  return texts.filter((text) => text !== '').join('\n');
}

/**
 * Reads a Chat Completions body, refusing what the real API refuses, with its wording. An Azure
 * deployment (`deployment`, from the path) serves its own model: the body need not name one.
 */
export function parseOpenAIRequest(
  body: unknown,
  headers: IncomingHttpHeaders,
  deployment?: string,
): SimRequest {
  if (!isObject(body)) throw invalid(`Invalid type for 'body': expected an object.`);
  const model = typeof body.model === 'string' && body.model !== '' ? body.model : deployment;
  if (model === undefined) throw invalid('you must provide a model parameter');
  const messages = checkMessages(body.messages);
  const tools = checkTools(body.tools);
  checkReasoningParameters(body, model);
  const settings = checkOpenAISettings(body, messages, {
    reasoning: isReasoningModel(model),
    hasTools: tools.length > 0,
  });
  const stream = body.stream === true;
  if (!stream && body.stream_options !== undefined && body.stream_options !== null) {
    throw invalid(`The 'stream_options' parameter is only allowed when 'stream' is enabled.`);
  }
  const lastUser = messages.findLast((message) => message.role === 'user');
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  return {
    operation: 'generate',
    model,
    stream,
    promptText: promptTextOf(messages, tools, body.response_format),
    lastUserText: lastUser ? contentText(lastUser.content) : '',
    toolNames: tools.map((tool) => String((tool.function as Json).name)),
    maxOutputTokens: typeof maxTokens === 'number' ? maxTokens : undefined,
    includeUsage:
      stream && isObject(body.stream_options) && body.stream_options.include_usage === true,
    ...settings,
    body,
    headers,
  };
}
