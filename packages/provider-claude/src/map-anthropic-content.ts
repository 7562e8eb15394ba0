import type { ContentPart, ReasoningPart } from '@llmux/core';
import type { Message } from './anthropic-types.js';

/** Appends text, joining it to a text part just before, as a collected stream does. */
export const appendText = (content: ContentPart[], text: string): void => {
  if (text === '') return;
  const last = content.at(-1);
  if (last?.type === 'text') last.text += text;
  else content.push({ type: 'text', text });
};

/** A thinking or redacted-thinking block as a reasoning part, signed so it can go back. */
export const reasoningPart = (
  block:
    | { type: 'thinking'; thinking: string; signature: string }
    | { type: 'redacted_thinking'; data: string },
): ReasoningPart =>
  block.type === 'thinking'
    ? { type: 'reasoning', text: block.thinking, signature: block.signature, provider: 'anthropic' }
    : { type: 'reasoning', text: '', redactedData: block.data, provider: 'anthropic' };

/**
 * A message's content as core parts: thinking (as reasoning parts), text and the model's tool
 * calls. The input of `jsonTool`, the forced tool a JSON answer came through, is text. Server-side
 * tool blocks (web fetch, code execution) are the provider's own business and are left out, so
 * the text around them joins up.
 */
export function mapAnthropicContent(blocks: Message['content'], jsonTool?: string): ContentPart[] {
  const content: ContentPart[] = [];
  for (const block of blocks) {
    if (block.type === 'text') appendText(content, block.text);
    else if (block.type === 'thinking' || block.type === 'redacted_thinking') {
      content.push(reasoningPart(block));
    } else if (block.type === 'tool_use' && block.name === jsonTool) {
      appendText(content, JSON.stringify(block.input));
    } else if (block.type === 'tool_use') {
      content.push({
        type: 'tool-call',
        toolCallId: block.id,
        toolName: block.name,
        arguments: block.input,
      });
    }
  }
  return content;
}
