import type { LlmuxError } from './errors.js';
import type { Finish, RateLimitInfo, TokenLogprob, Trace, Warning } from './response.js';
import type { Usage } from './usage.js';

/**
 * What `LanguageModel.stream` yields. A stream starts with `start`, ends with exactly one
 * `finish` or `error`, and never ends silently: a broken upstream is an `error` event.
 */
export type StreamEvent =
  | {
      type: 'start';
      id: string;
      provider: string;
      model: string;
      warnings: Warning[];
      rateLimits?: RateLimitInfo;
    }
  | { type: 'text-delta'; delta: string; logprobs?: TokenLogprob[] }
  /** A fragment of the model's visible reasoning. */
  | { type: 'reasoning-delta'; delta: string }
  /** A reasoning part complete, with what must travel back with it (see `ReasoningPart`). */
  | {
      type: 'reasoning';
      text: string;
      signature?: string;
      redactedData?: string;
      provider?: string;
    }
  | {
      type: 'tool-call-delta';
      toolCallId: string;
      toolName: string;
      /** A fragment of the JSON arguments text. */
      argumentsDelta: string;
    }
  | { type: 'tool-call'; toolCallId: string; toolName: string; arguments: unknown }
  | {
      type: 'finish';
      finishReason: Finish;
      usage: Usage;
      costUsd: number;
      latencyMs: number;
      timeToFirstTokenMs?: number;
      trace: Trace;
      providerMetadata?: Record<string, Record<string, unknown>>;
    }
  | { type: 'error'; error: LlmuxError };

export type StreamEventType = StreamEvent['type'];

/** Whether an event carries content the caller has seen: after one, a stream cannot fail over. */
export const isContentEvent = (event: StreamEvent): boolean =>
  event.type === 'text-delta' ||
  event.type === 'tool-call-delta' ||
  event.type === 'tool-call' ||
  event.type === 'reasoning-delta' ||
  event.type === 'reasoning';
