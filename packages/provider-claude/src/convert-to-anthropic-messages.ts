import {
  type AssistantMessage,
  LlmuxError,
  type Message,
  type ReasoningPart,
  type ToolResultPart,
  type UserMessage,
  unsupportedSetting as unsupported,
  type Warning,
} from '@llmux/core';
import type { ContentBlockParam, MessageParam, TextBlockParam } from './anthropic-types.js';

export interface AnthropicPrompt {
  system: TextBlockParam[];
  messages: MessageParam[];
  warnings: Warning[];
  /** The last block of each non-system message, in order: where cache breakpoints go. */
  messageEnds: Array<ContentBlockParam | undefined>;
}

const invalid = (message: string) => new LlmuxError({ kind: 'invalid_request', message });

const imageTypes = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;
type ImageMediaType = (typeof imageTypes)[number];

const userBlocks = (
  message: UserMessage,
  index: number,
  warnings: Warning[],
): ContentBlockParam[] => {
  if (typeof message.content === 'string') return [{ type: 'text', text: message.content }];
  return message.content.map((part, partIndex): ContentBlockParam => {
    if (part.type === 'text') return { type: 'text', text: part.text };
    if (part.type !== 'image') {
      const type = (part as { type: unknown }).type;
      throw invalid(
        `messages[${index}].content[${partIndex}]: a user message cannot hold a "${String(type)}" part`,
      );
    }
    if (part.detail !== undefined && part.detail !== 'auto') {
      warnings.push(
        unsupported(
          `messages[${index}].content[${partIndex}].detail`,
          'Anthropic reads every image at its own resolution',
        ),
      );
    }
    const { source } = part;
    if (source.kind === 'url') return { type: 'image', source: { type: 'url', url: source.url } };
    if (!imageTypes.includes(source.mediaType as ImageMediaType)) {
      throw invalid(
        `messages[${index}].content[${partIndex}].source.mediaType: Anthropic takes ${imageTypes.join(', ')}, not "${source.mediaType}"`,
      );
    }
    const mediaType = source.mediaType as ImageMediaType;
    return { type: 'image', source: { type: 'base64', media_type: mediaType, data: source.data } };
  });
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const assistantBlocks = (message: AssistantMessage, index: number): ContentBlockParam[] => {
  if (typeof message.content === 'string') return [{ type: 'text', text: message.content }];
  return message.content.flatMap((part, partIndex): ContentBlockParam[] => {
    if (part.type === 'text') return [{ type: 'text', text: part.text }];
    if (part.type === 'reasoning') return thinkingBlock(part);
    if (!isObject(part.arguments)) {
      throw invalid(
        `messages[${index}].content[${partIndex}].arguments: Anthropic tool calls take a JSON object`,
      );
    }
    return [{ type: 'tool_use', id: part.toolCallId, name: part.toolName, input: part.arguments }];
  });
};

/** Thinking goes back only as Claude wrote it, signed; another provider's reasoning is left out. */
const thinkingBlock = (part: ReasoningPart): ContentBlockParam[] => {
  if (part.provider !== undefined && part.provider !== 'anthropic') return [];
  if (part.redactedData !== undefined)
    return [{ type: 'redacted_thinking', data: part.redactedData }];
  if (part.signature === undefined) return [];
  return [{ type: 'thinking', thinking: part.text, signature: part.signature }];
};

const toolResultBlock = (part: ToolResultPart): ContentBlockParam => ({
  type: 'tool_result',
  tool_use_id: part.toolCallId,
  content: typeof part.result === 'string' ? part.result : JSON.stringify(part.result),
  ...(part.isError ? { is_error: true } : {}),
});

/** The API refuses empty text blocks, so empty text is left out rather than sent. */
const nonEmpty = (blocks: ContentBlockParam[]) =>
  blocks.filter((block) => block.type !== 'text' || block.text !== '');

/**
 * Converts core messages to the Messages API: system messages become the top-level `system`
 * (one placed after the conversation started is moved there, with a warning), tool results go
 * in user turns, and consecutive turns of the same role are merged as the API expects.
 */
export function convertToAnthropicMessages(messages: Message[]): AnthropicPrompt {
  const system: TextBlockParam[] = [];
  const converted: MessageParam[] = [];
  const warnings: Warning[] = [];
  const messageEnds: Array<ContentBlockParam | undefined> = [];
  let conversationStarted = false;

  for (const [index, message] of messages.entries()) {
    if (message.role === 'system') {
      if (conversationStarted) {
        warnings.push({
          type: 'other',
          message: `messages[${index}]: a system message after the conversation started was moved to the system prompt`,
        });
      }
      if (message.content !== '') system.push({ type: 'text', text: message.content });
      continue;
    }
    conversationStarted = true;
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const blocks = nonEmpty(
      message.role === 'user'
        ? userBlocks(message, index, warnings)
        : message.role === 'assistant'
          ? assistantBlocks(message, index)
          : message.content.map(toolResultBlock),
    );
    messageEnds.push(blocks.at(-1));
    if (blocks.length === 0) continue;
    const previous = converted.at(-1);
    if (previous?.role === role && Array.isArray(previous.content)) {
      previous.content.push(...blocks);
    } else {
      converted.push({ role, content: blocks });
    }
  }
  return { system, messages: converted, warnings, messageEnds };
}
