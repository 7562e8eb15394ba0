import type { TextPart, ToolCallPart } from '@llmux/core';
import type { Message } from './anthropic-types.js';

export interface MappedContent {
  content: Array<TextPart | ToolCallPart>;
  /** The model's thinking text, when it thought aloud. */
  reasoning: string;
}

/** Appends text, joining it to a text part just before, as a collected stream does. */
export const appendText = (content: Array<TextPart | ToolCallPart>, text: string): void => {
  if (text === '') return;
  const last = content.at(-1);
  if (last?.type === 'text') last.text += text;
  else content.push({ type: 'text', text });
};

/**
 * A message's content as core parts: text and the model's tool calls. Thinking becomes
 * `reasoning`; server-side tool blocks (web fetch, code execution) are the provider's own
 * business and are left out, so the text around them joins up.
 */
export function mapAnthropicContent(blocks: Message['content']): MappedContent {
  const content: Array<TextPart | ToolCallPart> = [];
  let reasoning = '';
  for (const block of blocks) {
    if (block.type === 'text') appendText(content, block.text);
    else if (block.type === 'thinking') reasoning += block.thinking;
    else if (block.type === 'tool_use') {
      content.push({
        type: 'tool-call',
        toolCallId: block.id,
        toolName: block.name,
        arguments: block.input,
      });
    }
  }
  return { content, reasoning };
}
