import type { StreamEvent } from '@llmux/core';
import type { LlmuxSummary } from './llmux-summary.js';
import type { ContentEvent } from './stream-relay.js';
import {
  type MessageShape,
  thinkingBlock,
  toAnthropicUsage,
  toStopReason,
} from './to-messages-response.js';

type Event<T extends StreamEvent['type']> = Extract<StreamEvent, { type: T }>;

/** One event of Anthropic's stream: its `type` is also its SSE `event:` name. */
export interface AnthropicEvent {
  type: string;
  [field: string]: unknown;
}

interface OpenBlock {
  kind: 'text' | 'thinking' | 'tool';
  toolCallId?: string;
}

/**
 * Turns core stream events into Anthropic's: `message_start`, then per content block
 * `content_block_start`, its deltas (`text_delta`, `thinking_delta`, `signature_delta`,
 * `input_json_delta`) and `content_block_stop` (a `ping` after the first start, as the API
 * sends), then `message_delta` with the stop reason, the usage and the `llmux` summary, and
 * `message_stop`. A block takes one piece of content at a time, so while a tool call's arguments
 * are streaming, whatever else arrives (another call's, interleaved, as OpenAI may send them)
 * waits until the call is complete, then follows in order.
 */
export function createMessageEventTranslator(options: { id: string; shape: MessageShape }) {
  const { id, shape } = options;
  let provider = '';
  let index = -1;
  let open: OpenBlock | undefined;
  let draining = false;
  const waiting: ContentEvent[] = [];
  const done = new Set<string>();

  const startBlock = (out: AnthropicEvent[], block: OpenBlock, contentBlock: unknown) => {
    index++;
    out.push({ type: 'content_block_start', index, content_block: contentBlock });
    if (index === 0) out.push({ type: 'ping' });
    open = block;
  };
  const close = (out: AnthropicEvent[]) => {
    if (!open) return;
    out.push({ type: 'content_block_stop', index });
    open = undefined;
  };
  const delta = (out: AnthropicEvent[], value: Record<string, unknown>) =>
    out.push({ type: 'content_block_delta', index, delta: value });
  const ensure = (out: AnthropicEvent[], kind: 'text' | 'thinking') => {
    if (open?.kind === kind) return;
    close(out);
    startBlock(
      out,
      { kind },
      kind === 'text'
        ? { type: 'text', text: '' }
        : { type: 'thinking', thinking: '', signature: '' },
    );
  };
  const startTool = (out: AnthropicEvent[], toolCallId: string, name: string) => {
    close(out);
    startBlock(
      out,
      { kind: 'tool', toolCallId },
      { type: 'tool_use', id: toolCallId, name, input: {} },
    );
  };

  const handle = (event: ContentEvent, out: AnthropicEvent[]): void => {
    const forOpenTool = 'toolCallId' in event && event.toolCallId === open?.toolCallId;
    if (open?.kind === 'tool' && !forOpenTool && !draining) {
      waiting.push(event);
      return;
    }
    switch (event.type) {
      case 'text-delta':
        if (event.delta === '') return;
        ensure(out, 'text');
        delta(out, { type: 'text_delta', text: event.delta });
        return;
      case 'reasoning-delta':
        ensure(out, 'thinking');
        if (!shape.omitThinking && event.delta !== '') {
          delta(out, { type: 'thinking_delta', thinking: event.delta });
        }
        return;
      case 'reasoning': {
        const block = thinkingBlock(event, provider, shape.omitThinking);
        if (block.type === 'redacted_thinking') {
          close(out);
          startBlock(out, { kind: 'thinking' }, block);
        } else {
          if (open?.kind !== 'thinking') {
            ensure(out, 'thinking');
            if (block.thinking !== '')
              delta(out, { type: 'thinking_delta', thinking: block.thinking });
          }
          if (block.signature !== '')
            delta(out, { type: 'signature_delta', signature: block.signature });
        }
        close(out);
        return;
      }
      case 'tool-call-delta':
        if (done.has(event.toolCallId)) return;
        if (!forOpenTool) startTool(out, event.toolCallId, event.toolName);
        if (event.argumentsDelta !== '') {
          delta(out, { type: 'input_json_delta', partial_json: event.argumentsDelta });
        }
        return;
      case 'tool-call': {
        if (done.has(event.toolCallId)) return;
        if (!forOpenTool) {
          startTool(out, event.toolCallId, event.toolName);
          const json = JSON.stringify(event.arguments ?? {});
          delta(out, { type: 'input_json_delta', partial_json: json });
        }
        close(out);
        done.add(event.toolCallId);
        for (const queued of waiting.splice(0)) handle(queued, out);
      }
    }
  };

  return {
    start(event: Event<'start'>): AnthropicEvent[] {
      provider = event.provider;
      return [
        {
          type: 'message_start',
          message: {
            id,
            type: 'message',
            role: 'assistant',
            model: event.model,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            // The counts arrive with `message_delta`, which the SDKs take as the totals.
            usage: {
              input_tokens: 0,
              output_tokens: 0,
              cache_creation_input_tokens: 0,
              cache_read_input_tokens: 0,
            },
          },
        },
      ];
    },
    content(event: ContentEvent): AnthropicEvent[] {
      const out: AnthropicEvent[] = [];
      handle(event, out);
      return out;
    },
    finish(event: Event<'finish'>, summary: LlmuxSummary): AnthropicEvent[] {
      const out: AnthropicEvent[] = [];
      // A call that never completed ends here: what waited on it follows.
      draining = true;
      for (const queued of waiting.splice(0)) handle(queued, out);
      close(out);
      const { cache_creation: _, ...usage } = toAnthropicUsage(event.usage);
      out.push(
        {
          type: 'message_delta',
          delta: toStopReason(provider, event.finishReason, shape.stopSequences),
          usage,
          llmux: summary,
        },
        { type: 'message_stop' },
      );
      return out;
    },
  };
}
