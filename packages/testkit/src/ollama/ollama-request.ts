import type { IncomingHttpHeaders } from 'node:http';
import { isObject } from '../simulator/is-object.js';
import { type SimRequest, SimulatorRequestError } from '../simulator/types.js';
import { checkOllamaOptions } from './ollama-options.js';

type Json = Record<string, unknown>;

const invalid = (message: string) => new SimulatorRequestError(message, 400);

const roles = new Set(['system', 'user', 'assistant', 'tool']);
const thinkLevels = new Set(['high', 'medium', 'low']);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Go's words for a field of the wrong JSON type, as Ollama's server answers them. */
const wrongType = (got: unknown, field: string, type: string) =>
  invalid(
    `json: cannot unmarshal ${Array.isArray(got) ? 'array' : typeof got} into Go struct field ${field} of type ${type}`,
  );

/** Each message checked as Ollama reads it: a role, string content, base64 images, tool calls. */
function checkMessages(messages: unknown): Json[] {
  if (messages === undefined || messages === null) return [];
  if (!Array.isArray(messages)) throw wrongType(messages, 'ChatRequest.messages', '[]api.Message');
  return messages.map((message, i) => {
    if (!isObject(message)) throw wrongType(message, 'ChatRequest.messages', 'api.Message');
    if (!roles.has(String(message.role))) {
      throw invalid(`invalid role "${String(message.role)}" in messages[${i}]`);
    }
    if (message.content !== undefined && typeof message.content !== 'string') {
      throw wrongType(message.content, 'Message.messages.content', 'string');
    }
    const images = message.images ?? [];
    if (!Array.isArray(images))
      throw wrongType(images, 'Message.messages.images', '[]api.ImageData');
    for (const image of images) {
      if (typeof image !== 'string' || !BASE64.test(image)) {
        throw invalid('illegal base64 data at input byte 0');
      }
    }
    for (const call of Array.isArray(message.tool_calls) ? message.tool_calls : []) {
      if (!isObject(call) || !isObject(call.function) || typeof call.function.name !== 'string') {
        throw invalid(`messages[${i}].tool_calls: every call needs function.name`);
      }
    }
    return message;
  });
}

function checkTools(tools: unknown): Json[] {
  if (tools === undefined || tools === null) return [];
  if (!Array.isArray(tools)) throw wrongType(tools, 'ChatRequest.tools', 'api.Tools');
  return tools.map((tool) => {
    if (!isObject(tool) || !isObject(tool.function) || typeof tool.function.name !== 'string') {
      throw invalid('tools: every tool needs function.name');
    }
    return tool;
  });
}

/** `format`: "json", a JSON schema object, or nothing. */
function checkFormat(format: unknown): void {
  if (format === undefined || format === null || format === '' || format === 'json') return;
  if (!isObject(format)) {
    throw invalid(`invalid format: ${JSON.stringify(format)}, expected "json" or a JSON schema`);
  }
}

/** `think`: a boolean, or a level for the models that take one (gpt-oss). */
function thinkingOf(think: unknown): SimRequest['thinking'] {
  if (think === undefined || think === null || think === false) return undefined;
  if (think === true || thinkLevels.has(think as string)) return 'visible';
  throw invalid(
    `invalid think value: ${JSON.stringify(think)} (must be "high", "medium", "low", true, or false)`,
  );
}

function logprobsOf(body: Json): SimRequest['logprobs'] {
  const top = body.top_logprobs ?? 0;
  if (!Number.isInteger(top) || (top as number) < 0 || (top as number) > 20) {
    throw invalid('top_logprobs must be between 0 and 20');
  }
  return body.logprobs === true ? { top: top as number } : undefined;
}

/** Every text the model reads: system and turns, tool calls, tool definitions, the schema. */
function promptTextOf(messages: Json[], tools: Json[], format: unknown): string {
  const texts: string[] = [];
  for (const message of messages) {
    texts.push(String(message.content ?? ''));
    for (const call of Array.isArray(message.tool_calls) ? (message.tool_calls as Json[]) : []) {
      const fn = call.function as Json;
      texts.push(String(fn.name), JSON.stringify(fn.arguments ?? {}));
    }
  }
  for (const tool of tools) {
    const fn = tool.function as Json;
    texts.push(String(fn.name), String(fn.description ?? ''), JSON.stringify(fn.parameters ?? {}));
  }
  if (isObject(format)) texts.push(JSON.stringify(format));
  return texts.filter((text) => text !== '').join('\n');
}

/**
 * Reads a `POST /api/chat` body as Ollama's server does: streamed unless `stream` is false,
 * sampling and limits in `options`, `think` for reasoning models, `format` for JSON output.
 * Refuses what the server refuses, in its words.
 */
export function parseOllamaChatRequest(body: unknown, headers: IncomingHttpHeaders): SimRequest {
  if (!isObject(body)) throw wrongType(body, 'api.ChatRequest', 'object');
  if (typeof body.model !== 'string' || body.model === '') throw invalid('model is required');
  const messages = checkMessages(body.messages);
  const tools = checkTools(body.tools);
  checkFormat(body.format);
  const options = checkOllamaOptions(body.options, body.keep_alive);
  const thinking = thinkingOf(body.think);
  const logprobs = logprobsOf(body);
  const lastUser = messages.findLast((message) => message.role === 'user');
  return {
    operation: 'generate',
    model: body.model,
    stream: body.stream !== false,
    promptText: promptTextOf(messages, tools, body.format),
    lastUserText: String(lastUser?.content ?? ''),
    toolNames: tools.map((tool) => String((tool.function as Json).name)),
    ...(options.numPredict === undefined ? {} : { maxOutputTokens: options.numPredict }),
    includeUsage: true,
    ...(thinking ? { thinking } : {}),
    ...(logprobs ? { logprobs } : {}),
    body,
    headers,
  };
}
