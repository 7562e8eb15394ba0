import type { Candidate, FunctionCall, GenerateContentResponse, Part } from '@google/genai';
import {
  type CallTimer,
  type IdGenerator,
  type Pricing,
  type StreamEvent,
  streamEndedError,
  type TokenLogprob,
  type Warning,
} from '@llmux/core';
import { applyPartialArg } from './apply-partial-arg.js';
import { definedFields } from './defined-fields.js';
import type { ContextCacheReport } from './gemini-context-cache.js';
import { promptBlockedError } from './map-gemini-error.js';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.js';
import { mapGeminiLogprobs } from './map-gemini-logprobs.js';
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
 * to the same result; `end()` throws for an answer that never got its finish reason. Text parts
 * become text deltas (with the chunk's logprobs); thought summaries reasoning deltas, completed
 * as a reasoning part when the answer moves on. A thought signature becomes a reasoning part's
 * `signature`: the one before the function call it signs, or one right after the text it signs,
 * so that it goes back where it came from. A function call arrives whole, or, on Vertex with
 * streamed arguments, as a named start, `partialArgs` pieces and an empty closing call; each
 * completed call is one arguments delta and one `tool-call`, with an id made up when Gemini sends
 * none.
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
  /** The thought summary being told, and the signature it carries. */
  let thought: { text: string; signature?: string } | undefined;

  const reasoning = (text: string, signature?: string): StreamEvent => ({
    type: 'reasoning',
    text,
    ...(signature === undefined ? {} : { signature }),
    provider,
  });
  const closeThought = (): StreamEvent[] => {
    if (!thought) return [];
    const { text, signature } = thought;
    thought = undefined;
    return [reasoning(text, signature)];
  };

  /** One part's events; `logprobs` go with the chunk's first text. */
  const partEvents = (part: Part, logprobs: { pending?: TokenLogprob[] }) => {
    const events: StreamEvent[] = [];
    const signature = part.thoughtSignature;
    if (part.thought) {
      thought ??= { text: '' };
      if (part.text) {
        thought.text += part.text;
        events.push({ type: 'reasoning-delta', delta: part.text });
      }
      if (signature) thought.signature = signature;
      return events;
    }
    if (part.functionCall) {
      // The signature goes on the reasoning part just before the call, which may be the summary.
      if (signature && thought?.signature !== undefined) events.push(...closeThought());
      if (signature) thought = { text: thought?.text ?? '', signature };
      return [...events, ...closeThought(), ...functionCall(part.functionCall)];
    }
    events.push(...closeThought());
    if (part.text) {
      const tokens = logprobs.pending;
      logprobs.pending = undefined;
      events.push({
        type: 'text-delta',
        delta: part.text,
        ...(tokens ? { logprobs: tokens } : {}),
      });
    }
    if (signature) events.push(reasoning('', signature));
    return events;
  };

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
      const logprobs = { pending: mapGeminiLogprobs(candidate.logprobsResult) };
      for (const part of candidate.content?.parts ?? []) events.push(...partEvents(part, logprobs));
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
      const events = [...closeThought(), ...completePending()];
      const mapped = mapGeminiUsage(usage);
      const gemini = definedFields({
        usageMetadata: usage,
        safetyRatings: last?.safetyRatings,
        groundingMetadata: last?.groundingMetadata,
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
