import type { Candidate, FunctionCall, GenerateContentResponse } from '@google/genai';
import {
  type Clock,
  type IdGenerator,
  LlmuxError,
  type StreamEvent,
  type Warning,
} from '@llmux/core';
import { applyPartialArg } from './apply-partial-arg.js';
import type { GeminiPricing } from './gemini-pricing.js';
import { promptBlockedError } from './map-gemini-error.js';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.js';
import { mapGeminiUsage } from './map-gemini-usage.js';

export interface GeminiStreamMapperOptions {
  provider: string;
  modelId: string;
  warnings: Warning[];
  pricing: GeminiPricing;
  ids: IdGenerator;
  clock: Clock;
  startedAt: number;
  /** Streams report the time to their first content; a plain call has none. */
  measureFirstToken: boolean;
}

interface PendingCall {
  id: string;
  name: string;
  args: Record<string, unknown>;
  openString?: string;
}

const defined = (fields: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));

/**
 * Turns Gemini responses into core stream events, one response (chunk) at a time. A plain call is
 * one response through the same mapper, so a stream and a plain call of the same answer collect
 * to the same result. Text parts become text deltas (thoughts go to `providerMetadata`); a
 * function call arrives whole, or, on Vertex with streamed arguments, as a named start,
 * `partialArgs` pieces and an empty closing call; each completed call is one arguments delta and
 * one `tool-call`, with an id made up when Gemini sends none.
 */
export function createGeminiStreamMapper(options: GeminiStreamMapperOptions) {
  const { provider, modelId, ids, clock, startedAt } = options;
  let started = false;
  /** Set once an error event has ended the answer: nothing follows it. */
  let failed = false;
  let toolCalls = 0;
  let firstContentAt: number | undefined;
  let pending: PendingCall | undefined;
  let last: Candidate | undefined;
  let finishReason: string | undefined;
  let usage: GenerateContentResponse['usageMetadata'];
  const thoughts: string[] = [];

  const content = (event: StreamEvent): StreamEvent => {
    firstContentAt ??= clock.now();
    return event;
  };

  const completePending = (): StreamEvent[] => {
    if (!pending) return [];
    const { id, name, args } = pending;
    pending = undefined;
    toolCalls++;
    return [
      content({
        type: 'tool-call-delta',
        toolCallId: id,
        toolName: name,
        argumentsDelta: JSON.stringify(args),
      }),
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
          events.push(content({ type: 'text-delta', delta: part.text }));
        }
      }
      if (candidate.finishReason) finishReason = candidate.finishReason;
      return events;
    },

    /** The closing events once the responses are through: a `finish`, or an `error`. */
    end(): StreamEvent[] {
      if (failed) return [];
      const events = completePending();
      if (finishReason === undefined) {
        const error = new LlmuxError({
          kind: 'server_error',
          message: 'The Gemini response ended without a finish reason',
          provider,
          model: modelId,
        });
        return [...events, { type: 'error', error }];
      }
      const mapped = mapGeminiUsage(usage);
      const gemini = defined({
        usageMetadata: usage,
        safetyRatings: last?.safetyRatings,
        groundingMetadata: last?.groundingMetadata,
        thoughts: thoughts.length > 0 ? thoughts.join('') : undefined,
      });
      events.push({
        type: 'finish',
        finishReason: mapGeminiFinishReason(finishReason, toolCalls > 0),
        usage: mapped,
        costUsd: options.pricing.costOf(mapped),
        latencyMs: clock.now() - startedAt,
        ...(options.measureFirstToken && firstContentAt !== undefined
          ? { timeToFirstTokenMs: firstContentAt - startedAt }
          : {}),
        trace: { attempts: [] },
        providerMetadata: { gemini },
      });
      return events;
    },
  };
}
