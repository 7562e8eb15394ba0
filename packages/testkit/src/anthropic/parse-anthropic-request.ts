import type { IncomingHttpHeaders } from 'node:http';
import { isObject } from '../simulator/is-object.js';
import { type SimRequest, SimulatorRequestError } from '../simulator/types.js';
import { promptBlocks } from './anthropic-cache-control.js';
import { checkAnthropicSettings } from './anthropic-settings.js';

type Block = Record<string, unknown>;
type Route = { operation: SimRequest['operation']; stream: boolean };

const refuse = (message: string) => new SimulatorRequestError(message, 400);

const blocksOf = (content: unknown, path: string): Block[] => {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) throw refuse(`${path}: Input should be a valid string or list`);
  return content.map((block, index) => {
    if (!isObject(block) || typeof block.type !== 'string') {
      throw refuse(`${path}.${index}.type: Field required`);
    }
    return block;
  });
};

/** The text of a block the model reads: text, tool-use input, tool-result content. */
export const blockText = (block: Block): string => {
  if (block.type === 'text') return String(block.text ?? '');
  if (block.type === 'tool_use') return `${block.name} ${JSON.stringify(block.input ?? {})}`;
  if (block.type === 'tool_result') {
    if (block.content === undefined) return '';
    return blocksOf(block.content, 'tool_result.content').map(blockText).join('\n');
  }
  return '';
};

/** Reads a Messages API body as the real API would, refusing what it refuses with its wording. */
export function parseAnthropicRequest(
  body: unknown,
  route: Route,
  headers: IncomingHttpHeaders,
): SimRequest {
  if (!isObject(body)) throw refuse('Request body must be a JSON object');
  if (typeof body.model !== 'string' || body.model === '') throw refuse('model: Field required');
  if (route.operation === 'generate') {
    const max = body.max_tokens;
    if (max === undefined) throw refuse('max_tokens: Field required');
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 1) {
      throw refuse('max_tokens: Input should be a valid integer greater than or equal to 1');
    }
  }
  if (!Array.isArray(body.messages)) throw refuse('messages: Field required');
  if (body.messages.length === 0) throw refuse('messages: at least one message is required');
  const messages = body.messages.map((message, index) => {
    if (!isObject(message)) throw refuse(`messages.${index}: Input should be a valid dictionary`);
    // Mid-conversation `system` turns exist since the Claude Opus 4.8 API release.
    if (message.role !== 'user' && message.role !== 'assistant' && message.role !== 'system') {
      throw refuse(`messages.${index}.role: Input should be 'user', 'assistant' or 'system'`);
    }
    return { role: message.role, blocks: blocksOf(message.content, `messages.${index}.content`) };
  });
  const system = body.system === undefined ? [] : blocksOf(body.system, 'system');
  const tools = body.tools === undefined ? [] : body.tools;
  if (!Array.isArray(tools)) throw refuse('tools: Input should be a valid list');
  const toolNames = tools.map((tool, index) => {
    if (!isObject(tool) || typeof tool.name !== 'string') {
      throw refuse(`tools.${index}.name: Field required`);
    }
    return tool.name;
  });
  promptBlocks(body);
  const thinking =
    route.operation === 'generate' ? checkAnthropicSettings(body, body.messages) : undefined;
  const lastUser = messages.findLast((message) => message.role === 'user');
  return {
    operation: route.operation,
    model: body.model,
    stream: route.operation === 'generate' && body.stream === true,
    promptText: [
      ...system.map(blockText),
      ...messages.flatMap((message) => message.blocks.map(blockText)),
      ...tools.map((tool) => JSON.stringify(tool)),
    ].join('\n'),
    lastUserText: lastUser?.blocks.map(blockText).join('\n') ?? '',
    toolNames,
    maxOutputTokens: typeof body.max_tokens === 'number' ? body.max_tokens : undefined,
    includeUsage: true,
    ...(thinking ? { thinking } : {}),
    body,
    headers,
  };
}
