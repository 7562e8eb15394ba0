import {
  type Finish,
  parseToolArguments,
  type RateLimitInfo,
  type StreamEvent,
  type Usage,
  type Warning,
} from '@llmux/core';
import type { RawMessageStreamEvent } from './anthropic-types.js';
import { reasoningPart } from './map-anthropic-content.js';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';
import {
  type AnthropicUsageFields,
  mapAnthropicUsage,
  mergeStreamUsage,
} from './map-anthropic-usage.js';

/** What a finished stream adds up to, for the `finish` event. */
export interface StreamOutcome {
  finishReason: Finish;
  usage: Usage;
}

interface OpenToolCall {
  id: string;
  name: string;
  json: string;
}

type OpenThinking =
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string };

/**
 * Turns the Messages API's raw stream events into core stream events, one at a time.
 * `message_start` gives the `start` event, text, thinking and tool-argument deltas pass through,
 * a tool call or a thinking block (with its signature, from `signature_delta`) is completed at
 * its `content_block_stop`, and `message_stop` settles the outcome (`outcome()`), from which the
 * caller builds `finish`. The arguments of `jsonTool` (a forced tool carrying a JSON answer)
 * stream as text. Pings and unknown events are ignored.
 */
export function createAnthropicStreamMapper(start: {
  warnings: Warning[];
  rateLimits?: RateLimitInfo;
  jsonTool?: string;
}) {
  const toolCalls = new Map<number, OpenToolCall>();
  const thinking = new Map<number, OpenThinking>();
  const jsonBlocks = new Set<number>();
  let startUsage: AnthropicUsageFields = {};
  let deltaUsage: AnthropicUsageFields = {};
  let stopReason: string | null = null;
  let stopped = false;

  return {
    map(event: RawMessageStreamEvent): StreamEvent[] {
      switch (event.type) {
        case 'message_start':
          startUsage = event.message.usage;
          return [
            {
              type: 'start',
              id: event.message.id,
              provider: 'anthropic',
              model: event.message.model,
              warnings: start.warnings,
              ...(start.rateLimits ? { rateLimits: start.rateLimits } : {}),
            },
          ];
        case 'content_block_start': {
          const block = event.content_block;
          if (block.type === 'tool_use' && block.name === start.jsonTool) {
            jsonBlocks.add(event.index);
          } else if (block.type === 'tool_use') {
            toolCalls.set(event.index, { id: block.id, name: block.name, json: '' });
          }
          if (block.type === 'thinking' || block.type === 'redacted_thinking') {
            thinking.set(event.index, { ...block });
          }
          if (block.type === 'text' && block.text !== '') {
            return [{ type: 'text-delta', delta: block.text }];
          }
          return [];
        }
        case 'content_block_delta': {
          const { delta } = event;
          if (delta.type === 'text_delta') {
            return delta.text === '' ? [] : [{ type: 'text-delta', delta: delta.text }];
          }
          const block = thinking.get(event.index);
          if (block?.type === 'thinking' && delta.type === 'signature_delta') {
            block.signature = delta.signature;
          }
          if (block?.type === 'thinking' && delta.type === 'thinking_delta') {
            block.thinking += delta.thinking;
            return delta.thinking === ''
              ? []
              : [{ type: 'reasoning-delta', delta: delta.thinking }];
          }
          if (delta.type === 'input_json_delta' && jsonBlocks.has(event.index)) {
            return delta.partial_json === ''
              ? []
              : [{ type: 'text-delta', delta: delta.partial_json }];
          }
          const call = toolCalls.get(event.index);
          if (delta.type === 'input_json_delta' && call && delta.partial_json !== '') {
            call.json += delta.partial_json;
            return [
              {
                type: 'tool-call-delta',
                toolCallId: call.id,
                toolName: call.name,
                argumentsDelta: delta.partial_json,
              },
            ];
          }
          return [];
        }
        case 'content_block_stop': {
          const block = thinking.get(event.index);
          if (block) {
            thinking.delete(event.index);
            return [reasoningPart(block)];
          }
          const call = toolCalls.get(event.index);
          if (!call) return [];
          toolCalls.delete(event.index);
          return [
            {
              type: 'tool-call',
              toolCallId: call.id,
              toolName: call.name,
              // A no-argument call streams no JSON at all: `{}`.
              arguments: parseToolArguments(call.json),
            },
          ];
        }
        case 'message_delta':
          stopReason = event.delta.stop_reason ?? stopReason;
          deltaUsage = mergeStreamUsage(deltaUsage, event.usage);
          return [];
        case 'message_stop':
          stopped = true;
          return [];
        default:
          return [];
      }
    },
    /** The stream's outcome once `message_stop` arrived; undefined while it has not. */
    outcome(): StreamOutcome | undefined {
      if (!stopped) return undefined;
      return {
        finishReason: mapAnthropicFinishReason(stopReason, start.jsonTool !== undefined),
        usage: mapAnthropicUsage(mergeStreamUsage(startUsage, deltaUsage)),
      };
    },
  };
}
