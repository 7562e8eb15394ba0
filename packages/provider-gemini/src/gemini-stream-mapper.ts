import type { Candidate, FunctionCall, GenerateContentResponse } from '@google/genai';
import {
  type CallTimer,
  type IdGenerator,
  type Pricing,
  type StreamEvent,
  streamEndedError,
  type Warning,
} from '@llmux/core';
import { applyPartialArg } from './apply-partial-arg.js';
import { definedFields } from './defined-fields.js';
import type { ContextCacheReport } from './gemini-context-cache.js';
import { promptBlockedError } from './map-gemini-error.js';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.js';
import { mapGeminiUsage } from './map-gemini-usage.js';

export interface GeminiStreamMapperOptions {
  provider: string;
  modelId: string;
  warnings: Warning[];
  pricing: Pricing;
  ids: IdGenerator;
  /** Times the `finish` event: a stream marks its first token on it, a plain call does not. */
  timer: CallTimer;
  /** The explicit context cache the call used, for `providerMetadata.gemini.contextCache`. */
  contextCache?: ContextCacheReport;
}

interface PendingCall {
  id: string;
  name: string;
  args: Record<string, unknown>;
  openString?: string;
}

/**
 * Turns Gemini responses into core stream events, one response (chunk) at a time. A plain call is
 * one response through the same mapper, so a stream and a plain call of the same answer collect
 * to the same result; `end()` throws for an answer that never got its finish reason. Text parts become text deltas (thoughts go to `providerMetadata`); a
 * function call arrives whole, or, on Vertex with streamed arguments, as a named start,
 * `partialArgs` pieces and an empty closing call; each completed call is one arguments delta and
 * one `tool-call`, with an id made up when Gemini sends none.
 */
export function createGeminiStreamMapper(options: GeminiStreamMapperOptions) {
  const { provider, modelId, ids, timer } = options;
  let started = false;
  /** Set once an error event has ended the answer: nothing follows it. */
  let failed = false;
  let toolCalls = 0;
  let pending: PendingCall | undefined;
  let last: Candidate | undefined;
  let finishReason: string | undefined;
  let usage: GenerateContentResponse['usageMetadata'];
  const thoughts: string[] = [];

  const completePending = (): StreamEvent[] => {
    if (!pending) return [];
    const { id, name, args } = pending;
    pending = undefined;
    toolCalls++;
    return [
      {
        type: 'tool-call-delta',
        toolCallId: id,
        toolName: name,
        argumentsDelta: JSON.stringify(args),
      },
      { type: 'tool-call', toolCallId: id, toolName: name, arguments: args },
    ];
  };

  const functionCall = (call: FunctionCall): StreamEvent[] => {
    const events: StreamEvent[] = [];
    if (call.name !== undefined) {
      events.push(...completePending());
      pending = { id: call.id ?? ids(), name: call.name, args: { ...call.args } };
    }
    if (!pending) return events;
    for (const arg of call.partialArgs ?? []) {
      pending.openString = applyPartialArg(pending.args, arg, pending.openString);
    }
    if (!call.willContinue) events.push(...completePending());
    return events;
  };

  return {
    push(chunk: GenerateContentResponse): StreamEvent[] {
      const events: StreamEvent[] = [];
      if (!started) {
        started = true;
        const warnings = options.pricing.warning
          ? [...options.warnings, options.pricing.warning]
          : options.warnings;
        events.push({
          type: 'start',
          id: chunk.responseId ?? ids(),
          provider,
          model: chunk.modelVersion ?? modelId,
          warnings,
        });
      }
      if (chunk.usageMetadata) usage = chunk.usageMetadata;
      const candidate = chunk.candidates?.[0];
      if (!candidate && chunk.promptFeedback?.blockReason) {
        failed = true;
        const error = promptBlockedError(chunk.promptFeedback, { provider, model: modelId });
        return [...events, { type: 'error', error }];
      }
      if (!candidate) return events;
      last = candidate;
      for (const part of candidate.content?.parts ?? []) {
        if (part.thought) {
          if (part.text) thoughts.push(part.text);
        } else if (part.functionCall) {
          events.push(...functionCall(part.functionCall));
        } else if (part.text) {
          events.push({ type: 'text-delta', delta: part.text });
        }
      }
      if (candidate.finishReason) finishReason = candidate.finishReason;
      return events;
    },

    /**
     * The closing events once the responses are through, ending with the `finish`; throws a
     * `server_error` when the answer never got its finish reason.
     */
    end(): StreamEvent[] {
      if (failed) return [];
      if (finishReason === undefined) {
        throw streamEndedError({ provider, model: modelId }, 'its finish reason');
      }
      const events = completePending();
      const mapped = mapGeminiUsage(usage);
      const gemini = definedFields({
        usageMetadata: usage,
        safetyRatings: last?.safetyRatings,
        groundingMetadata: last?.groundingMetadata,
        thoughts: thoughts.length > 0 ? thoughts.join('') : undefined,
        contextCache: options.contextCache,
      });
      events.push({
        type: 'finish',
        finishReason: mapGeminiFinishReason(finishReason, toolCalls > 0),
        usage: mapped,
        // A call that made or extended a context cache also bought its storage.
        costUsd:
          options.pricing.costOf(mapped) +
          (options.contextCache
            ? (options.pricing.costOfStorage?.(options.contextCache.storage) ?? 0)
            : 0),
        ...timer.timing(),
        trace: { attempts: [] },
        providerMetadata: { gemini },
      });
      return events;
    },
  };
}
