import {
  type Finish,
  parseToolArguments,
  type RateLimitInfo,
  type StreamEvent,
  type Usage,
  type Warning,
} from '@llmux/core';
import type { RawMessageStreamEvent } from './anthropic-types.js';
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
  reasoning: string;
}

interface OpenToolCall {
  id: string;
  name: string;
  json: string;
}

/**
 * Turns the Messages API's raw stream events into core stream events, one at a time.
 * `message_start` gives the `start` event, text and tool-argument deltas pass through, a tool
 * call is completed at its `content_block_stop`, and `message_stop` settles the outcome
 * (`outcome()`), from which the caller builds `finish`. Pings and unknown events are ignored.
 */
export function createAnthropicStreamMapper(start: {
  warnings: Warning[];
  rateLimits?: RateLimitInfo;
}) {
  const toolCalls = new Map<number, OpenToolCall>();
  let startUsage: AnthropicUsageFields = {};
  let deltaUsage: AnthropicUsageFields = {};
  let stopReason: string | null = null;
  let reasoning = '';
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
          if (block.type === 'tool_use') {
            toolCalls.set(event.index, { id: block.id, name: block.name, json: '' });
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
          if (delta.type === 'thinking_delta') reasoning += delta.thinking;
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
        finishReason: mapAnthropicFinishReason(stopReason),
        usage: mapAnthropicUsage(mergeStreamUsage(startUsage, deltaUsage)),
        reasoning,
      };
    },
  };
}
