import type {
  AssistantMessage,
  ImagePart,
  Message,
  ReasoningPart,
  TextPart,
  ToolCallPart,
  ToolResultPart,
} from '@llmux/core';
import {
  absent,
  eachMessage,
  isObject,
  type Json,
  oneOfField,
  refuseUnknownKeys,
} from './body-fields.js';
import { checkNesting } from './json-nesting.js';
import { badField } from './request-field-error.js';

/** Why the message and part fields llmux knows but cannot honour are refused. */
const refusedKeys = {
  name: 'participant names reach no provider; say who speaks in the content',
  function_call: 'legacy function calling is not supported; use tool_calls',
  audio: 'audio is not supported',
  prompt_cache_breakpoint: 'not supported; prompt_cache_key caches the conversation so far',
};

const refusedParts: Record<string, string> = {
  input_audio: 'audio input is not supported',
  file: 'file inputs are not supported; send text or images',
};

const keys = (...names: string[]) => new Set(['role', 'content', ...names]);
const knownKeys: Record<string, ReadonlySet<string>> = {
  system: keys(),
  developer: keys(),
  user: keys(),
  // `annotations` describe an earlier answer (its citations), as OpenAI returned it: no input.
  assistant: keys('tool_calls', 'refusal', 'reasoning_content', 'annotations'),
  tool: keys('tool_call_id'),
};

const textKeys = new Set(['type', 'text']);
const imageKeys = new Set(['type', 'image_url']);
const imageUrlKeys = new Set(['url', 'detail']);
const refusalKeys = new Set(['type', 'refusal']);

/** `data:image/png;base64,...` becomes inline data; an http(s) URL stays a URL. */
export function imageFromUrl(url: unknown, param: string): ImagePart {
  if (typeof url !== 'string') throw badField(param, 'must be a string');
  const inline = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (inline)
    return { type: 'image', source: { kind: 'base64', mediaType: inline[1]!, data: inline[2]! } };
  if (/^https?:\/\//.test(url)) return { type: 'image', source: { kind: 'url', url } };
  throw badField(param, 'must be an http(s) URL or a base64 data URL');
}

/** Chat Completions' `image_url: { url, detail }`. */
function toImage(value: unknown, param: string): ImagePart {
  if (!isObject(value)) throw badField(param, 'must be an object');
  refuseUnknownKeys(value, param, imageUrlKeys);
  const detail = oneOfField(value.detail, `${param}.detail`, ['auto', 'low', 'high']);
  const image = imageFromUrl(value.url, `${param}.url`);
  return detail === undefined ? image : { ...image, detail };
}

/** String content, or an array of parts of the allowed types, as parts. */
function parts(
  content: unknown,
  param: string,
  allowed: readonly string[],
): Array<TextPart | ImagePart> {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content))
    throw badField(param, 'must be a string or an array of content parts');
  return content.map((part, index) => {
    const at = `${param}[${index}]`;
    const type = isObject(part) ? part.type : undefined;
    if (typeof type === 'string' && Object.hasOwn(refusedParts, type)) {
      throw badField(`${at}.type`, refusedParts[type]!);
    }
    if (typeof type !== 'string' || !allowed.includes(type)) {
      throw badField(`${at}.type`, `must be one of ${allowed.join(', ')}`);
    }
    const p = part as Json;
    if (type === 'image_url') {
      refuseUnknownKeys(p, at, imageKeys, { refused: refusedKeys });
      return toImage(p.image_url, `${at}.image_url`);
    }
    const field = type === 'refusal' ? 'refusal' : 'text';
    refuseUnknownKeys(p, at, type === 'refusal' ? refusalKeys : textKeys, { refused: refusedKeys });
    const text = p[field];
    if (typeof text !== 'string') throw badField(`${at}.${field}`, 'must be a string');
    return { type: 'text', text };
  });
}

const textOnly = (content: unknown, param: string, allowed = ['text']): string =>
  parts(content, param, allowed)
    .map((part) => (part.type === 'text' ? part.text : ''))
    .join('');

const toolCallKeys = new Set(['id', 'type', 'function']);

function toolCalls(value: unknown, param: string): ToolCallPart[] {
  if (!Array.isArray(value)) throw badField(param, 'must be an array');
  return value.map((call, index) => {
    const at = `${param}[${index}]`;
    if (!isObject(call) || typeof call.id !== 'string' || call.id === '') {
      throw badField(`${at}.id`, 'must be a non-empty string');
    }
    if (!absent(call.type) && call.type !== 'function') {
      throw badField(`${at}.type`, 'must be "function"');
    }
    refuseUnknownKeys(call, at, toolCallKeys);
    const fn = call.function;
    if (!isObject(fn) || typeof fn.name !== 'string' || fn.name === '') {
      throw badField(`${at}.function.name`, 'must be a non-empty string');
    }
    const args = toolArguments(fn.arguments, `${at}.function.arguments`);
    return { type: 'tool-call', toolCallId: call.id, toolName: fn.name, arguments: args };
  });
}

/** A tool call's arguments as sent back: a JSON string (empty for none). */
export function toolArguments(text: unknown, param: string): unknown {
  if (typeof text !== 'string') throw badField(param, 'must be a JSON string');
  let args: unknown;
  try {
    args = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw badField(param, 'is not valid JSON');
  }
  checkNesting(args, param);
  return args;
}

/** Consecutive tool results make one tool message, as every provider takes them. */
export function pushToolResult(messages: Message[], result: ToolResultPart): void {
  const previous = messages.at(-1);
  if (previous?.role === 'tool') previous.content.push(result);
  else messages.push({ role: 'tool', content: [result] });
}

/**
 * An assistant turn: its reasoning (`reasoning_content`, as llmux answers it) first, then its
 * text and `refusal`, then its tool calls.
 */
function assistant(message: Json, at: string): AssistantMessage {
  const { content, refusal } = message;
  const text = absent(content) ? '' : textOnly(content, `${at}.content`, ['text', 'refusal']);
  if (!absent(refusal) && typeof refusal !== 'string') {
    throw badField(`${at}.refusal`, 'must be a string');
  }
  const reasoning = message.reasoning_content;
  if (!absent(reasoning) && typeof reasoning !== 'string') {
    throw badField(`${at}.reasoning_content`, 'must be a string');
  }
  if (!absent(message.annotations) && !Array.isArray(message.annotations)) {
    throw badField(`${at}.annotations`, 'must be an array');
  }
  const calls = absent(message.tool_calls) ? [] : toolCalls(message.tool_calls, `${at}.tool_calls`);
  const said = [text, refusal ?? ''].filter(Boolean).join('\n');
  if (calls.length === 0 && !reasoning) return { role: 'assistant', content: said };
  const thought: ReasoningPart[] = reasoning ? [{ type: 'reasoning', text: reasoning }] : [];
  const spoken: TextPart[] = said ? [{ type: 'text', text: said }] : [];
  return { role: 'assistant', content: [...thought, ...spoken, ...calls] };
}

/**
 * OpenAI chat messages as core messages: `developer` is a system message, an assistant's
 * `tool_calls` become tool-call parts, and consecutive `tool` messages become one tool message
 * whose results carry the name of the call they answer (Gemini matches results by name). A field
 * that would reach no provider (a participant `name`, audio) is refused, naming it.
 */
export function toCoreMessages(value: unknown): Message[] {
  const messages: Message[] = [];
  const toolNames = new Map<string, string>();
  for (const [message, at] of eachMessage(value)) {
    const { role, content } = message;
    if (role === 'function') {
      throw badField(`${at}.role`, 'legacy function messages are not supported; use tool');
    }
    const known = typeof role === 'string' ? knownKeys[role] : undefined;
    if (!known) {
      throw badField(`${at}.role`, 'must be one of system, developer, user, assistant, tool');
    }
    refuseUnknownKeys(message, at, known, { refused: refusedKeys });
    switch (role) {
      case 'system':
      case 'developer':
        messages.push({ role: 'system', content: textOnly(content, `${at}.content`) });
        continue;
      case 'user': {
        const user = parts(content, `${at}.content`, ['text', 'image_url']);
        messages.push({ role: 'user', content: typeof content === 'string' ? content : user });
        continue;
      }
      case 'assistant': {
        const turn = assistant(message, at);
        if (typeof turn.content !== 'string') {
          for (const part of turn.content) {
            if (part.type === 'tool-call') toolNames.set(part.toolCallId, part.toolName);
          }
        }
        messages.push(turn);
        continue;
      }
      default: {
        const id = message.tool_call_id;
        if (typeof id !== 'string') throw badField(`${at}.tool_call_id`, 'must be a string');
        const toolName = toolNames.get(id);
        if (toolName === undefined) {
          throw badField(
            `${at}.tool_call_id`,
            'answers no tool call of an earlier assistant message',
          );
        }
        const result: ToolResultPart = {
          type: 'tool-result',
          toolCallId: id,
          toolName,
          result: textOnly(content, `${at}.content`),
        };
        pushToolResult(messages, result);
      }
    }
  }
  return messages;
}
