import { type ImagePart, LlmuxError, type Message, type TextPart } from '@llmux/core';
import type {
  ChatCompletionContentPart,
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
} from 'openai/resources/chat/completions';

const invalid = (message: string) => new LlmuxError({ kind: 'invalid_request', message });

/** Tool arguments and results travel as JSON text; a string result goes as it is. */
const asText = (value: unknown): string =>
  typeof value === 'string' ? value : (JSON.stringify(value) ?? '');

const imageUrl = (part: ImagePart): string =>
  part.source.kind === 'base64'
    ? `data:${part.source.mediaType};base64,${part.source.data}`
    : part.source.url;

/** An image as an `image_url` part, with its `detail` where the part has one. */
const imagePart = (part: ImagePart): ChatCompletionContentPart => ({
  type: 'image_url',
  image_url: {
    url: imageUrl(part),
    ...(part.detail === undefined ? {} : { detail: part.detail }),
  },
});

function userContent(
  content: string | Array<TextPart | ImagePart>,
  index: number,
): string | ChatCompletionContentPart[] {
  if (typeof content === 'string') return content;
  return content.map((part, p): ChatCompletionContentPart => {
    if (part.type === 'text') return { type: 'text', text: part.text };
    if (part.type === 'image') return imagePart(part);
    throw invalid(
      `messages[${index}].content[${p}]: a user message holds text and image parts, not "${(part as { type: string }).type}"`,
    );
  });
}

function assistantMessage(
  content: Extract<Message, { role: 'assistant' }>['content'],
  index: number,
): ChatCompletionMessageParam {
  if (typeof content === 'string') return { role: 'assistant', content };
  const text = content
    .filter((part): part is TextPart => part.type === 'text')
    .map((part) => part.text)
    .join('');
  const toolCalls: ChatCompletionMessageToolCall[] = [];
  content.forEach((part, p) => {
    // Chat Completions shows no reasoning and takes none back: another turn's thinking is left out.
    if (part.type === 'text' || part.type === 'reasoning') return;
    if (part.type !== 'tool-call') {
      throw invalid(
        `messages[${index}].content[${p}]: an assistant message holds text and tool-call parts, not "${(part as { type: string }).type}"`,
      );
    }
    toolCalls.push({
      id: part.toolCallId,
      type: 'function',
      function: { name: part.toolName, arguments: asText(part.arguments ?? {}) },
    });
  });
  return {
    role: 'assistant',
    // OpenAI wants `null` rather than empty text beside tool calls.
    content: text === '' && toolCalls.length > 0 ? null : text,
    ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
  };
}

/**
 * Core messages as Chat Completions messages: system prompts stay `system`, images become
 * `image_url` parts (base64 as a data URL), tool calls go on the assistant message with JSON
 * arguments, and each tool result becomes its own `tool` message.
 */
export function convertToOpenAIChatMessages(messages: Message[]): ChatCompletionMessageParam[] {
  if (!Array.isArray(messages) || messages.length === 0) {
    throw invalid('messages must be a non-empty array');
  }
  return messages.flatMap((message, index): ChatCompletionMessageParam[] => {
    switch (message?.role) {
      case 'system':
        return [{ role: 'system', content: message.content }];
      case 'user':
        return [{ role: 'user', content: userContent(message.content, index) }];
      case 'assistant':
        return [assistantMessage(message.content, index)];
      case 'tool':
        return message.content.map((part) => ({
          role: 'tool',
          tool_call_id: part.toolCallId,
          content: asText(part.result),
        }));
      default:
        throw invalid(
          `messages[${index}].role must be system, user, assistant or tool, got "${String((message as { role?: unknown })?.role)}"`,
        );
    }
  });
}
