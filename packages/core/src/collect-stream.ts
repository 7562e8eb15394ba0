import { LlmuxError } from './errors.js';
import type { ToolCallPart } from './request.js';
import type { GenerateResponse, TokenLogprob } from './response.js';
import type { StreamEvent } from './stream-event.js';

/**
 * Builds the response a `generate` call would have returned from stream events, one at a time,
 * so layers can pass events on and still know the result.
 */
export class StreamAccumulator {
  private start: Extract<StreamEvent, { type: 'start' }> | undefined;
  private finish: Extract<StreamEvent, { type: 'finish' }> | undefined;
  private readonly content: GenerateResponse['content'] = [];
  private logprobs: TokenLogprob[] | undefined;
  /** Set by an `error` event. */
  error: LlmuxError | undefined;

  push(event: StreamEvent): void {
    switch (event.type) {
      case 'start':
        this.start = event;
        break;
      case 'text-delta': {
        const last = this.content.at(-1);
        if (last?.type === 'text') last.text += event.delta;
        else this.content.push({ type: 'text', text: event.delta });
        if (event.logprobs) this.logprobs = [...(this.logprobs ?? []), ...event.logprobs];
        break;
      }
      case 'reasoning':
        this.content.push({ ...event });
        break;
      case 'tool-call': {
        const call: ToolCallPart = {
          type: 'tool-call',
          toolCallId: event.toolCallId,
          toolName: event.toolName,
          arguments: event.arguments,
        };
        this.content.push(call);
        break;
      }
      case 'tool-call-delta':
      case 'reasoning-delta':
        break;
      case 'error':
        this.error = event.error;
        break;
      case 'finish':
        this.finish = event;
        break;
    }
  }

  get finished(): boolean {
    return this.finish !== undefined;
  }

  /** The collected response; throws the stream's error, or a `server_error` if it never finished. */
  response(): GenerateResponse {
    if (this.error) throw this.error;
    const { start, finish } = this;
    if (!finish) {
      throw new LlmuxError({
        kind: 'server_error',
        message: 'The stream ended without a finish event',
        provider: start?.provider,
        model: start?.model,
      });
    }
    return {
      id: start?.id ?? '',
      provider: start?.provider ?? '',
      model: start?.model ?? '',
      content: this.content,
      ...(this.logprobs && { logprobs: this.logprobs }),
      finishReason: finish.finishReason,
      usage: finish.usage,
      costUsd: finish.costUsd,
      latencyMs: finish.latencyMs,
      timeToFirstTokenMs: finish.timeToFirstTokenMs,
      warnings: start?.warnings ?? [],
      rateLimits: start?.rateLimits,
      trace: finish.trace,
      providerMetadata: finish.providerMetadata,
    };
  }
}

/**
 * Collects a stream into the response a `generate` call would have returned. Rejects with the
 * stream's error event, or with a `server_error` if the stream ended without finishing.
 */
export async function collectStream(stream: AsyncIterable<StreamEvent>): Promise<GenerateResponse> {
  const accumulator = new StreamAccumulator();
  for await (const event of stream) {
    accumulator.push(event);
    if (event.type === 'error' || event.type === 'finish') break;
  }
  return accumulator.response();
}

/** Replays a complete response as the stream that would have produced it (cache hits). */
export async function* responseToStream(response: GenerateResponse): AsyncGenerator<StreamEvent> {
  yield {
    type: 'start',
    id: response.id,
    provider: response.provider,
    model: response.model,
    warnings: response.warnings,
    rateLimits: response.rateLimits,
  };
  for (const [index, part] of response.content.entries()) {
    if (part.type === 'text') {
      // The logprobs ride on the first text part: a replay has no token boundaries.
      const logprobs = index === firstText(response) ? response.logprobs : undefined;
      yield { type: 'text-delta', delta: part.text, ...(logprobs && { logprobs }) };
    } else if (part.type === 'reasoning') {
      if (part.text !== '') yield { type: 'reasoning-delta', delta: part.text };
      yield part;
    } else yield part;
  }
  yield {
    type: 'finish',
    finishReason: response.finishReason,
    usage: response.usage,
    costUsd: response.costUsd,
    latencyMs: response.latencyMs,
    timeToFirstTokenMs: response.timeToFirstTokenMs,
    trace: response.trace,
    providerMetadata: response.providerMetadata,
  };
}

const firstText = (response: GenerateResponse) =>
  response.content.findIndex((part) => part.type === 'text');
