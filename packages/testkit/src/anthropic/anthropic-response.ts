import { chunkText } from '../simulator/sse.js';
import type { ResolvedReply, SimUsage, SseFrame } from '../simulator/types.js';

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
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

const contentOf = (reply: ResolvedReply): Block[] => [
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

/** A `message` object, as in `anthropic-text.json` and `anthropic-json-other-tool.1.json`. */
export const anthropicMessage = (reply: ResolvedReply) => ({
  model: reply.model,
  id: reply.id,
  type: 'message',
  role: 'assistant',
  content: contentOf(reply),
  stop_reason: stopReasons[reply.finishReason],
  stop_sequence: null,
  stop_details: null,
  usage: { ...usageBody(reply.usage, reply.usage.outputTokens), ...outputDetails(reply.usage) },
});

const frame = (data: Record<string, unknown>, content = false): SseFrame => ({
  event: String(data.type),
  data: JSON.stringify(data),
  content,
});

/** The events of a streamed message, as in `anthropic-text.chunks.txt`. */
export function anthropicStreamFrames(reply: ResolvedReply): SseFrame[] {
  const size = reply.chunkSize ?? 8;
  const frames: SseFrame[] = [
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
  for (const [index, block] of contentOf(reply).entries()) {
    frames.push(
      frame({
        type: 'content_block_start',
        index,
        content_block: block.type === 'text' ? { type: 'text', text: '' } : { ...block, input: {} },
      }),
    );
    if (index === 0) frames.push(frame({ type: 'ping' }));
    const pieces = chunkText(
      block.type === 'text' ? block.text : JSON.stringify(block.input),
      size,
    );
    for (const piece of pieces) {
      const delta =
        block.type === 'text'
          ? { type: 'text_delta', text: piece }
          : { type: 'input_json_delta', partial_json: piece };
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
