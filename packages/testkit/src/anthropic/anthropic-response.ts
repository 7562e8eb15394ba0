import { simSignature } from '../simulator/sim-signature.js';
import { chunkText } from '../simulator/sse.js';
import type { ResolvedReply, SimRequest, SimUsage, StreamFrame } from '../simulator/types.js';

const stopReasons: Record<ResolvedReply['finishReason'], string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  'tool-calls': 'tool_use',
  'content-filter': 'refusal',
};

/** Anthropic's `input_tokens` excludes cached tokens; `SimUsage.inputTokens` includes them. */
const uncachedInput = (usage: SimUsage) =>
  Math.max(0, usage.inputTokens - usage.cacheReadTokens - usage.cacheWriteTokens);

/** Thinking tokens, as newer models report them (`anthropic-claude-opus-5-reasoning-high`). */
const outputDetails = (usage: SimUsage) =>
  usage.reasoningTokens > 0
    ? { output_tokens_details: { thinking_tokens: usage.reasoningTokens } }
    : {};

const usageBody = (usage: SimUsage, outputTokens: number) => {
  const oneHour = usage.cacheWrite1hTokens ?? 0;
  return {
    input_tokens: uncachedInput(usage),
    cache_creation_input_tokens: usage.cacheWriteTokens,
    cache_read_input_tokens: usage.cacheReadTokens,
    cache_creation: {
      ephemeral_5m_input_tokens: usage.cacheWriteTokens - oneHour,
      ephemeral_1h_input_tokens: oneHour,
    },
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
};

type Block =
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

/** Thinking first, signed (empty where the request left it omitted), then text and tool calls. */
const contentOf = (reply: ResolvedReply, request?: SimRequest): Block[] => [
  ...(reply.reasoning === undefined ? [] : [thinkingBlock(reply.reasoning, request)]),
  ...(reply.text !== '' || reply.toolCalls.length === 0
    ? [{ type: 'text' as const, text: reply.text }]
    : []),
  ...reply.toolCalls.map((call) => ({
    type: 'tool_use' as const,
    id: call.id,
    name: call.name,
    input: call.arguments,
  })),
];

const thinkingBlock = (reasoning: string, request?: SimRequest): Block => {
  const thinking = request?.thinking === 'hidden' ? '' : reasoning;
  return { type: 'thinking', thinking, signature: simSignature(thinking) };
};

/**
 * A `message` object, as in `anthropic-text.json`, `anthropic-json-other-tool.1.json` and (with
 * thinking) `anthropic-clear-thinking.1.json`.
 */
export const anthropicMessage = (reply: ResolvedReply, request?: SimRequest) => ({
  model: reply.model,
  id: reply.id,
  type: 'message',
  role: 'assistant',
  content: contentOf(reply, request),
  stop_reason: stopReasons[reply.finishReason],
  stop_sequence: null,
  stop_details: null,
  usage: { ...usageBody(reply.usage, reply.usage.outputTokens), ...outputDetails(reply.usage) },
});

const frame = (data: Record<string, unknown>, content = false): StreamFrame => ({
  event: String(data.type),
  data: JSON.stringify(data),
  content,
});

/**
 * The events of a streamed message, as in `anthropic-text.chunks.txt` and (with thinking, whose
 * signature comes in a `signature_delta` just before its block stops)
 * `anthropic-clear-thinking.1.chunks.txt`.
 */
export function anthropicStreamFrames(reply: ResolvedReply, request?: SimRequest): StreamFrame[] {
  const size = reply.chunkSize ?? 8;
  const frames: StreamFrame[] = [
    frame({
      type: 'message_start',
      message: {
        ...anthropicMessage(reply),
        content: [],
        stop_reason: null,
        stop_sequence: null,
        stop_details: null,
        usage: usageBody(reply.usage, 1),
      },
    }),
  ];
  for (const [index, block] of contentOf(reply, request).entries()) {
    frames.push(frame({ type: 'content_block_start', index, content_block: emptyBlock(block) }));
    if (index === 0) frames.push(frame({ type: 'ping' }));
    for (const delta of blockDeltas(block, size)) {
      frames.push(frame({ type: 'content_block_delta', index, delta }, true));
    }
    frames.push(frame({ type: 'content_block_stop', index }));
  }
  const { usage } = reply;
  frames.push(
    frame({
      type: 'message_delta',
      delta: {
        stop_reason: stopReasons[reply.finishReason],
        stop_sequence: null,
        stop_details: null,
      },
      // Cumulative, as the API sends it.
      usage: {
        input_tokens: uncachedInput(usage),
        cache_creation_input_tokens: usage.cacheWriteTokens,
        cache_read_input_tokens: usage.cacheReadTokens,
        output_tokens: usage.outputTokens,
        ...outputDetails(usage),
      },
    }),
    frame({ type: 'message_stop' }),
  );
  return frames;
}

/** A block as its `content_block_start` opens it, before any delta. */
const emptyBlock = (block: Block) => {
  if (block.type === 'text') return { type: 'text', text: '' };
  if (block.type === 'thinking') return { type: 'thinking', thinking: '', signature: '' };
  return { ...block, input: {} };
};

/** A block's deltas: text, thinking then its signature, or tool input JSON, in pieces. */
function blockDeltas(block: Block, size: number): Array<Record<string, unknown>> {
  if (block.type === 'thinking') {
    const pieces = block.thinking === '' ? [] : chunkText(block.thinking, size);
    return [
      ...pieces.map((thinking) => ({ type: 'thinking_delta', thinking })),
      { type: 'signature_delta', signature: block.signature },
    ];
  }
  if (block.type === 'text') {
    return chunkText(block.text, size).map((text) => ({ type: 'text_delta', text }));
  }
  return chunkText(JSON.stringify(block.input), size).map((partial_json) => ({
    type: 'input_json_delta',
    partial_json,
  }));
}
