import type { ImagePart, Message, TextPart, ToolCallPart, ToolResultPart } from '@llmux/core';
import { checkNesting } from './json-nesting.js';
import { badField } from './request-field-error.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `data:image/png;base64,...` becomes inline data; an http(s) URL stays a URL. */
export function imageFromUrl(url: unknown, param: string): ImagePart {
  if (typeof url !== 'string') throw badField(param, 'must be a string');
  const inline = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (inline)
    return { type: 'image', source: { kind: 'base64', mediaType: inline[1]!, data: inline[2]! } };
  if (/^https?:\/\//.test(url)) return { type: 'image', source: { kind: 'url', url } };
  throw badField(param, 'must be an http(s) URL or a base64 data URL');
}

const toImage = (value: unknown, param: string): ImagePart =>
  imageFromUrl(isObject(value) ? value.url : undefined, `${param}.url`);

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
    if (typeof type !== 'string' || !allowed.includes(type)) {
      throw badField(`${at}.type`, `must be one of ${allowed.join(', ')}`);
    }
    const p = part as Json;
    if (type === 'image_url') return toImage(p.image_url, `${at}.image_url`);
    const text = type === 'refusal' ? p.refusal : p.text;
    if (typeof text !== 'string')
      throw badField(`${at}.${type === 'refusal' ? 'refusal' : 'text'}`, 'must be a string');
    return { type: 'text', text };
  });
}

const textOnly = (content: unknown, param: string, allowed = ['text']): string =>
  parts(content, param, allowed)
    .map((part) => (part.type === 'text' ? part.text : ''))
    .join('');

function toolCalls(value: unknown, param: string): ToolCallPart[] {
  if (!Array.isArray(value)) throw badField(param, 'must be an array');
  return value.map((call, index) => {
    const at = `${param}[${index}]`;
    if (!isObject(call) || typeof call.id !== 'string' || call.id === '') {
      throw badField(`${at}.id`, 'must be a non-empty string');
    }
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
 * OpenAI chat messages as core messages: `developer` is a system message, an assistant's
 * `tool_calls` become tool-call parts, and consecutive `tool` messages become one tool message
 * whose results carry the name of the call they answer (Gemini matches results by name).
 */
export function toCoreMessages(value: unknown): Message[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw badField('messages', 'must be a non-empty array of messages');
  }
  const messages: Message[] = [];
  const toolNames = new Map<string, string>();
  value.forEach((message, index) => {
    const at = `messages[${index}]`;
    if (!isObject(message)) throw badField(at, 'must be an object');
    const { role, content } = message;
    switch (role) {
      case 'system':
      case 'developer':
        messages.push({ role: 'system', content: textOnly(content, `${at}.content`) });
        return;
      case 'user': {
        const user = parts(content, `${at}.content`, ['text', 'image_url']);
        messages.push({ role: 'user', content: typeof content === 'string' ? content : user });
        return;
      }
      case 'assistant': {
        const text =
          content === null || content === undefined
            ? ''
            : textOnly(content, `${at}.content`, ['text', 'refusal']);
        const calls =
          message.tool_calls === undefined ? [] : toolCalls(message.tool_calls, `${at}.tool_calls`);
        for (const call of calls) toolNames.set(call.toolCallId, call.toolName);
        if (calls.length === 0) {
          messages.push({ role: 'assistant', content: text });
          return;
        }
        messages.push({
          role: 'assistant',
          content: [...(text ? [{ type: 'text' as const, text }] : []), ...calls],
        });
        return;
      }
      case 'tool': {
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
        return;
      }
      default:
        throw badField(`${at}.role`, 'must be one of system, developer, user, assistant, tool');
    }
  });
  return messages;
}
