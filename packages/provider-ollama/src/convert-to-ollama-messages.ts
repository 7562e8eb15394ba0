import {
  type AssistantMessage,
  type ImagePart,
  LlmuxError,
  type Message,
  type TextPart,
  unsupportedSetting,
  type Warning,
} from '@llmux/core';
import type { OllamaMessage, OllamaToolCall } from './ollama-wire.js';

const invalid = (message: string) => new LlmuxError({ kind: 'invalid_request', message });

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Tool results travel as text: a string as it is, anything else as JSON. */
const asText = (value: unknown): string =>
  typeof value === 'string' ? value : (JSON.stringify(value) ?? '');

/** Tool-call arguments as the object Ollama takes (JSON text from another provider is parsed). */
function argumentsOf(value: unknown, at: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  const parsed = typeof value === 'string' ? tryParse(value) : value;
  if (!isObject(parsed)) {
    throw invalid(`${at}.arguments: Ollama takes tool-call arguments as a JSON object`);
  }
  return parsed;
}

const tryParse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** A user message: its text parts joined, its images as base64 beside them. */
function userMessage(
  content: string | Array<TextPart | ImagePart>,
  index: number,
  warnings: Warning[],
): OllamaMessage {
  if (typeof content === 'string') return { role: 'user', content };
  const texts: string[] = [];
  const images: string[] = [];
  content.forEach((part, p) => {
    const at = `messages[${index}].content[${p}]`;
    if (part?.type === 'text') texts.push(part.text);
    else if (part?.type === 'image') {
      if (part.source.kind !== 'base64') {
        throw invalid(`${at}: Ollama takes images as base64 data, not URLs`);
      }
      if (part.detail !== undefined) {
        warnings.push(unsupportedSetting(`${at}.detail`, 'Ollama has no image detail setting'));
      }
      images.push(part.source.data);
    } else {
      throw invalid(
        `${at}: a user message holds text and image parts, not "${(part as { type?: string })?.type}"`,
      );
    }
  });
  return { role: 'user', content: texts.join('\n'), ...(images.length > 0 ? { images } : {}) };
}

/**
 * An assistant message: text, tool calls (arguments as objects) and the thinking this provider
 * wrote (`thinking`); another provider's reasoning, and any signature, stays out.
 */
function assistantMessage(
  content: AssistantMessage['content'],
  index: number,
  provider: string,
): OllamaMessage {
  if (typeof content === 'string') return { role: 'assistant', content };
  const texts: string[] = [];
  const thinking: string[] = [];
  const toolCalls: OllamaToolCall[] = [];
  content.forEach((part, p) => {
    const at = `messages[${index}].content[${p}]`;
    if (part?.type === 'text') texts.push(part.text);
    else if (part?.type === 'reasoning') {
      if (part.provider === undefined || part.provider === provider) thinking.push(part.text);
    } else if (part?.type === 'tool-call') {
      toolCalls.push({
        id: part.toolCallId,
        function: { name: part.toolName, arguments: argumentsOf(part.arguments, at) },
      });
    } else {
      throw invalid(
        `${at}: an assistant message holds text, reasoning and tool-call parts, not "${(part as { type?: string })?.type}"`,
      );
    }
  });
  return {
    role: 'assistant',
    content: texts.join(''),
    ...(thinking.length > 0 ? { thinking: thinking.join('') } : {}),
    ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
  };
}

/**
 * Core messages as Ollama chat messages: system prompts stay `system`, images go base64 in
 * `images`, tool calls on the assistant message with object arguments, and each tool result
 * becomes a `tool` message naming its tool (`tool_name`) and call (`tool_call_id`).
 */
export function convertToOllamaMessages(
  messages: Message[],
  provider: string,
): { messages: OllamaMessage[]; warnings: Warning[] } {
  if (!Array.isArray(messages) || messages.length === 0) {
    throw invalid('messages must be a non-empty array');
  }
  const warnings: Warning[] = [];
  const converted = messages.flatMap((message, index): OllamaMessage[] => {
    switch (message?.role) {
      case 'system':
        return [{ role: 'system', content: message.content }];
      case 'user':
        return [userMessage(message.content, index, warnings)];
      case 'assistant':
        return [assistantMessage(message.content, index, provider)];
      case 'tool':
        return message.content.map((part) => ({
          role: 'tool',
          content: asText(part.result),
          tool_name: part.toolName,
          tool_call_id: part.toolCallId,
        }));
      default:
        throw invalid(
          `messages[${index}].role must be system, user, assistant or tool, got "${String((message as { role?: unknown })?.role)}"`,
        );
    }
  });
  return { messages: converted, warnings };
}
