import type { AssistantMessage, ImagePart, Message, TextPart } from '@llmux/core';
import {
  isObject,
  type Json,
  oneOfField,
  refuseUnknownKeys,
  responsesKeys,
} from './body-fields.js';
import { badField } from './request-field-error.js';
import { imageFromUrl, pushToolResult, toolArguments } from './to-core-messages.js';

const fields = (...names: string[]) => new Set(names);

/** `id`, `status` (and `phase`) name an item as OpenAI returned it; they change nothing asked. */
const messageFields = fields('type', 'role', 'content', 'id', 'status', 'phase');
const functionCallFields = fields('type', 'id', 'call_id', 'name', 'arguments', 'status');
const functionOutputFields = fields('type', 'id', 'call_id', 'output', 'status');
const reasoningFields = fields('type', 'id', 'summary', 'content', 'status', 'encrypted_content');
const textFields = fields('type', 'text');
const outputTextFields = fields('type', 'text', 'annotations', 'logprobs');
const imageFields = fields('type', 'image_url', 'file_id', 'detail');

const itemTypes = 'message, function_call, function_call_output, reasoning';

function textOf(part: Json, at: string): string {
  if (typeof part.text !== 'string') throw badField(`${at}.text`, 'must be a string');
  return part.text;
}

function image(part: Json, at: string): ImagePart {
  refuseUnknownKeys(part, at, imageFields, responsesKeys);
  if (part.file_id !== undefined && part.file_id !== null) {
    throw badField(`${at}.file_id`, 'file inputs are not supported; send image_url');
  }
  const detail = oneOfField(part.detail, `${at}.detail`, ['auto', 'low', 'high']);
  const parsed = imageFromUrl(part.image_url, `${at}.image_url`);
  // `auto` is every provider's default: passed on, it would only draw warnings.
  return detail === undefined || detail === 'auto' ? parsed : { ...parsed, detail };
}

/** A message's content: a string, or parts of the types its role may send. */
function contentParts(content: unknown, at: string, role: string): Array<TextPart | ImagePart> {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) throw badField(at, 'must be a string or an array of content parts');
  const allowed =
    role === 'user'
      ? ['input_text', 'input_image']
      : role === 'assistant'
        ? ['output_text', 'refusal', 'input_text']
        : ['input_text'];
  return content.map((part, index): TextPart | ImagePart => {
    const partAt = `${at}[${index}]`;
    if (!isObject(part) || typeof part.type !== 'string' || !allowed.includes(part.type)) {
      throw badField(`${partAt}.type`, `must be one of ${allowed.join(', ')} for a ${role}`);
    }
    if (part.type === 'input_image') return image(part, partAt);
    if (part.type === 'refusal') {
      refuseUnknownKeys(part, partAt, fields('type', 'refusal'), responsesKeys);
      if (typeof part.refusal !== 'string') throw badField(`${partAt}.refusal`, 'must be a string');
      return { type: 'text', text: part.refusal };
    }
    refuseUnknownKeys(
      part,
      partAt,
      part.type === 'output_text' ? outputTextFields : textFields,
      responsesKeys,
    );
    return { type: 'text', text: textOf(part, partAt) };
  });
}

const joined = (parts: Array<TextPart | ImagePart>) =>
  parts.map((part) => (part.type === 'text' ? part.text : '')).join('');

/** What a function tool said: a string, or `input_text` parts joined. */
function toolOutput(output: unknown, at: string): string {
  if (typeof output === 'string') return output;
  if (!Array.isArray(output)) throw badField(at, 'must be a string or an array of input_text');
  return output
    .map((part, index) => {
      const partAt = `${at}[${index}]`;
      if (!isObject(part) || part.type !== 'input_text') {
        throw badField(`${partAt}.type`, 'must be input_text (tool outputs are text here)');
      }
      refuseUnknownKeys(part, partAt, textFields, responsesKeys);
      return textOf(part, partAt);
    })
    .join('');
}

/** A reasoning item sent back: its summary (or full) text, for the provider that wrote it. */
function reasoningText(item: Json, at: string): string {
  if (item.encrypted_content !== undefined && item.encrypted_content !== null) {
    throw badField(
      `${at}.encrypted_content`,
      'encrypted reasoning is not supported by this gateway; send the item without it',
    );
  }
  const list = (value: unknown, param: string, type: string) => {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw badField(param, `must be an array of ${type} parts`);
    return value.map((part, index) => {
      const partAt = `${param}[${index}]`;
      if (!isObject(part) || part.type !== type)
        throw badField(`${partAt}.type`, `must be ${type}`);
      refuseUnknownKeys(part, partAt, textFields, responsesKeys);
      return textOf(part, partAt);
    });
  };
  const content = list(item.content, `${at}.content`, 'reasoning_text');
  const summary = list(item.summary, `${at}.summary`, 'summary_text');
  return (content.length > 0 ? content : summary).join('\n\n');
}

function nonEmpty(value: unknown, param: string): string {
  if (typeof value !== 'string' || value === '')
    throw badField(param, 'must be a non-empty string');
  return value;
}

/**
 * The Responses API `input` (a string, or items) as core messages. The items of one assistant
 * turn (its reasoning, text and function calls) become one assistant message, consecutive
 * `function_call_output` items one tool message whose results carry the name of the call they
 * answer (Gemini matches results by name). The gateway keeps no state, so every item is sent
 * in full: an `item_reference`, or an output that answers no call of the input, is a 400.
 */
export function toCoreInput(input: unknown): Message[] {
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  if (!Array.isArray(input) || input.length === 0) {
    throw badField('input', 'must be a string or a non-empty array of input items');
  }
  const messages: Message[] = [];
  const toolNames = new Map<string, string>();
  const assistant = (): Exclude<AssistantMessage['content'], string> => {
    const last = messages.at(-1);
    if (last?.role === 'assistant' && typeof last.content !== 'string') return last.content;
    const message: AssistantMessage = { role: 'assistant', content: [] };
    messages.push(message);
    return message.content as Exclude<AssistantMessage['content'], string>;
  };
  input.forEach((item, index) => {
    const at = `input[${index}]`;
    if (!isObject(item)) throw badField(at, 'must be an object');
    // A message may leave out its type (`{ role, content }`, the "easy" input message).
    const type = item.type ?? (item.role === undefined ? undefined : 'message');
    switch (type) {
      case 'message': {
        refuseUnknownKeys(item, at, messageFields, responsesKeys);
        const role = oneOfField(item.role, `${at}.role`, [
          'user',
          'assistant',
          'system',
          'developer',
        ]);
        if (role === undefined) throw badField(`${at}.role`, 'is required');
        const parts = contentParts(item.content, `${at}.content`, role);
        if (role === 'user') {
          const content = typeof item.content === 'string' ? item.content : parts;
          messages.push({ role: 'user', content });
        } else if (role === 'assistant') assistant().push(...(parts as TextPart[]));
        else messages.push({ role: 'system', content: joined(parts) });
        return;
      }
      case 'function_call': {
        refuseUnknownKeys(item, at, functionCallFields, responsesKeys);
        const callId = nonEmpty(item.call_id, `${at}.call_id`);
        const name = nonEmpty(item.name, `${at}.name`);
        const args = toolArguments(item.arguments, `${at}.arguments`);
        toolNames.set(callId, name);
        assistant().push({
          type: 'tool-call',
          toolCallId: callId,
          toolName: name,
          arguments: args,
        });
        return;
      }
      case 'function_call_output': {
        refuseUnknownKeys(item, at, functionOutputFields, responsesKeys);
        const callId = nonEmpty(item.call_id, `${at}.call_id`);
        const toolName = toolNames.get(callId);
        if (toolName === undefined) {
          throw badField(
            `${at}.call_id`,
            'answers no function_call of the input (the gateway is stateless: send the call too)',
          );
        }
        const result = toolOutput(item.output, `${at}.output`);
        pushToolResult(messages, { type: 'tool-result', toolCallId: callId, toolName, result });
        return;
      }
      case 'reasoning':
        refuseUnknownKeys(item, at, reasoningFields, responsesKeys);
        assistant().push({ type: 'reasoning', text: reasoningText(item, at) });
        return;
      case 'item_reference':
        throw badField(
          `${at}.type`,
          'item_reference needs stored items; the gateway is stateless: send the item itself',
        );
      default:
        throw badField(
          `${at}.type`,
          `must be one of ${itemTypes} (OpenAI's built-in tools are not served here)`,
        );
    }
  });
  return messages;
}
