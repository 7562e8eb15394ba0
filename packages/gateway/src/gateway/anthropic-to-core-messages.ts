import type {
  AssistantMessage,
  ImagePart,
  Message,
  ReasoningPart,
  SystemMessage,
  TextPart,
  ToolCallPart,
  ToolResultPart,
} from '@llmux/core';
import type { CacheBreakpoints } from './anthropic-cache-control.js';
import {
  anthropicKeys,
  eachMessage,
  isObject,
  type Json,
  refuseUnknownKeys,
} from './body-fields.js';
import { decodeOpaque } from './reasoning-signature.js';
import { badField } from './request-field-error.js';

const string = (value: unknown, param: string): string => {
  if (typeof value !== 'string') throw badField(param, 'must be a string');
  return value;
};

/** Fields of a block the Messages API returns, that clients send back as they got them. */
const echoed = (block: Json, param: string) => {
  const { citations, caller } = block;
  if (
    citations !== undefined &&
    citations !== null &&
    !(Array.isArray(citations) && !citations.length)
  ) {
    throw badField(`${param}.citations`, 'citations are not supported');
  }
  if (caller !== undefined && !(isObject(caller) && caller.type === 'direct')) {
    throw badField(`${param}.caller`, 'only direct tool calls are supported');
  }
};

const refusedTypes: Record<string, string> = {
  document: 'document blocks are not supported: not every provider behind llmux reads them',
  search_result: 'search_result blocks are not supported',
  container_upload: 'container_upload blocks are not supported',
};

function blockType(block: unknown, param: string, allowed: readonly string[]): string {
  const type = isObject(block) ? block.type : undefined;
  if (typeof type === 'string' && allowed.includes(type)) return type;
  if (typeof type === 'string' && type in refusedTypes) {
    throw badField(`${param}.type`, refusedTypes[type]!);
  }
  throw badField(`${param}.type`, `must be one of ${allowed.join(', ')}`);
}

function text(block: Json, param: string): TextPart {
  refuseUnknownKeys(block, param, ['type', 'text', 'cache_control', 'citations'], anthropicKeys);
  echoed(block, param);
  return { type: 'text', text: string(block.text, `${param}.text`) };
}

const mediaTypes = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];

function image(block: Json, param: string): ImagePart {
  refuseUnknownKeys(block, param, ['type', 'source', 'cache_control'], anthropicKeys);
  const { source } = block;
  const at = `${param}.source`;
  if (isObject(source) && source.type === 'base64') {
    refuseUnknownKeys(source, at, ['type', 'media_type', 'data'], anthropicKeys);
    if (typeof source.media_type !== 'string' || !mediaTypes.includes(source.media_type)) {
      throw badField(`${at}.media_type`, `must be one of ${mediaTypes.join(', ')}`);
    }
    const data = string(source.data, `${at}.data`);
    return { type: 'image', source: { kind: 'base64', mediaType: source.media_type, data } };
  }
  if (isObject(source) && source.type === 'url') {
    refuseUnknownKeys(source, at, ['type', 'url'], anthropicKeys);
    const url = string(source.url, `${at}.url`);
    if (!/^https?:\/\//.test(url)) throw badField(`${at}.url`, 'must be an http(s) URL');
    return { type: 'image', source: { kind: 'url', url } };
  }
  throw badField(`${at}.type`, 'must be "base64" or "url" (file sources are not supported)');
}

/** A tool result's content: a string, or text blocks (joined by newlines). */
function resultContent(content: unknown, param: string): string {
  if (content === undefined) return '';
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw badField(param, 'must be a string or an array of blocks');
  return content
    .map((block, index) => {
      const at = `${param}[${index}]`;
      const type = blockType(block, at, ['text', 'image']);
      if (type === 'image') {
        throw badField(`${at}.type`, 'images in tool results are not supported; send text');
      }
      return text(block as Json, at).text;
    })
    .join('\n');
}

function thinking(block: Json, type: string, param: string): ReasoningPart {
  if (type === 'redacted_thinking') {
    refuseUnknownKeys(block, param, ['type', 'data'], anthropicKeys);
    const { provider, value } = decodeOpaque(string(block.data, `${param}.data`));
    return { type: 'reasoning', text: '', provider, ...(value && { redactedData: value }) };
  }
  refuseUnknownKeys(block, param, ['type', 'thinking', 'signature'], anthropicKeys);
  const { provider, value } = decodeOpaque(string(block.signature, `${param}.signature`));
  const thought = string(block.thinking, `${param}.thinking`);
  return { type: 'reasoning', text: thought, provider, ...(value && { signature: value }) };
}

function toolUse(block: Json, param: string): ToolCallPart {
  refuseUnknownKeys(
    block,
    param,
    ['type', 'id', 'name', 'input', 'cache_control', 'caller'],
    anthropicKeys,
  );
  echoed(block, param);
  const id = string(block.id, `${param}.id`);
  const name = string(block.name, `${param}.name`);
  if (id === '') throw badField(`${param}.id`, 'must be a non-empty string');
  if (!isObject(block.input)) throw badField(`${param}.input`, 'must be an object');
  return { type: 'tool-call', toolCallId: id, toolName: name, arguments: block.input };
}

/**
 * `system` (a string or text blocks) as system messages, one per block; a `cache_control` on a
 * block is a breakpoint at the end of the system prompt.
 */
export function fromAnthropicSystem(
  value: unknown,
  breakpoints: CacheBreakpoints,
): SystemMessage[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value === '' ? [] : [{ role: 'system', content: value }];
  if (!Array.isArray(value))
    throw badField('system', 'must be a string or an array of text blocks');
  return value.map((block, index) => {
    const at = `system[${index}]`;
    blockType(block, at, ['text']);
    breakpoints.mark((block as Json).cache_control, `${at}.cache_control`, 'system');
    return { role: 'system', content: text(block as Json, at).text };
  });
}

/**
 * Messages API turns as core messages. A user turn's `tool_result` blocks become a tool message
 * (each result carrying the name of the call it answers: Gemini matches by name) followed by a
 * user message with its other blocks; an assistant turn's thinking goes back as reasoning parts
 * tagged with the provider that wrote them. A `cache_control` marks the prefix up to the core
 * message that holds its block.
 */
export function fromAnthropicMessages(value: unknown, breakpoints: CacheBreakpoints): Message[] {
  const messages: Message[] = [];
  const toolNames = new Map<string, string>();
  for (const [message, at] of eachMessage(value)) {
    refuseUnknownKeys(message, at, ['role', 'content'], anthropicKeys);
    const { role, content } = message;
    if (role !== 'user' && role !== 'assistant') {
      throw badField(`${at}.role`, 'must be "user" or "assistant"');
    }
    if (typeof content === 'string') {
      messages.push({ role, content });
      continue;
    }
    if (!Array.isArray(content)) {
      throw badField(`${at}.content`, 'must be a string or an array of content blocks');
    }
    if (role === 'assistant') {
      const parts = content.map((block, i) => {
        const param = `${at}.content[${i}]`;
        const type = blockType(block, param, ['text', 'tool_use', 'thinking', 'redacted_thinking']);
        const b = block as Json;
        if (type === 'text') return text(b, param);
        if (type === 'tool_use') {
          const call = toolUse(b, param);
          toolNames.set(call.toolCallId, call.toolName);
          return call;
        }
        return thinking(b, type, param);
      });
      messages.push({ role: 'assistant', content: parts } satisfies AssistantMessage);
      const end = turns(messages);
      content.forEach((block, i) => {
        breakpoints.mark((block as Json).cache_control, `${at}.content[${i}].cache_control`, {
          messages: end,
        });
      });
      continue;
    }
    const results: ToolResultPart[] = [];
    const parts: Array<TextPart | ImagePart> = [];
    const marks: Array<{ value: unknown; param: string; inResults: boolean }> = [];
    content.forEach((block, i) => {
      const param = `${at}.content[${i}]`;
      const type = blockType(block, param, ['text', 'image', 'tool_result']);
      const b = block as Json;
      marks.push({
        value: b.cache_control,
        param: `${param}.cache_control`,
        inResults: type === 'tool_result',
      });
      if (type !== 'tool_result') {
        parts.push(type === 'text' ? text(b, param) : image(b, param));
        return;
      }
      refuseUnknownKeys(
        b,
        param,
        ['type', 'tool_use_id', 'content', 'is_error', 'cache_control'],
        anthropicKeys,
      );
      const id = string(b.tool_use_id, `${param}.tool_use_id`);
      const toolName = toolNames.get(id);
      if (toolName === undefined) {
        throw badField(`${param}.tool_use_id`, 'answers no tool_use of an earlier assistant turn');
      }
      if (b.is_error !== undefined && typeof b.is_error !== 'boolean') {
        throw badField(`${param}.is_error`, 'must be true or false');
      }
      results.push({
        type: 'tool-result',
        toolCallId: id,
        toolName,
        result: resultContent(b.content, `${param}.content`),
        ...(b.is_error === true && { isError: true }),
      });
    });
    if (results.length > 0) messages.push({ role: 'tool', content: results });
    const resultsAt = turns(messages);
    if (parts.length > 0 || results.length === 0) messages.push({ role: 'user', content: parts });
    for (const mark of marks) {
      breakpoints.mark(mark.value, mark.param, {
        messages: mark.inResults ? resultsAt : turns(messages),
      });
    }
  }
  return messages;
}

/** How many messages of the conversation (past the system prompt) there are so far. */
const turns = (messages: Message[]) => messages.filter((m) => m.role !== 'system').length;
