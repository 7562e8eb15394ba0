import type Anthropic from '@anthropic-ai/sdk';
import {
  type Clock,
  type GenerateRequest,
  type GenerateResponse,
  type LanguageModel,
  LlmuxError,
  type ModelCatalog,
  type StreamEvent,
  type Usage,
  type Warning,
} from '@llmux/core';
import { createAnthropicStreamMapper } from './anthropic-stream-mapper.js';
import { buildAnthropicRequest } from './build-anthropic-request.js';
import { mapAnthropicContent } from './map-anthropic-content.js';
import { mapAnthropicError } from './map-anthropic-error.js';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';
import { mapAnthropicUsage } from './map-anthropic-usage.js';
import { readAnthropicRateLimits } from './read-anthropic-rate-limits.js';

export interface ClaudeModelConfig {
  client: Anthropic;
  catalog: ModelCatalog;
  clock: Clock;
  defaultMaxOutputTokens: number;
}

const provider = 'anthropic';

/** A Claude model over the official SDK, with the SDK's retries off (failover owns retrying). */
export class ClaudeLanguageModel implements LanguageModel {
  readonly provider = provider;

  constructor(
    readonly modelId: string,
    private readonly config: ClaudeModelConfig,
  ) {}

  /** Cost from the catalog; a model it does not price costs 0, with a warning saying so. */
  private pricing(): { costOf: (usage: Usage) => number; warnings: Warning[] } {
    const { catalog } = this.config;
    if (catalog.get(provider, this.modelId)) {
      return { costOf: (usage) => catalog.costOf(usage, provider, this.modelId), warnings: [] };
    }
    const message = `No price is known for anthropic model "${this.modelId}": costUsd is 0`;
    return { costOf: () => 0, warnings: [{ type: 'other', message }] };
  }

  private fail(error: unknown, signal: AbortSignal | undefined): LlmuxError {
    return mapAnthropicError(error, { signal, model: this.modelId, now: this.config.clock.now() });
  }

  private prepare(request: GenerateRequest) {
    const built = buildAnthropicRequest(request, this.modelId, this.config.defaultMaxOutputTokens);
    const pricing = this.pricing();
    return { ...built, ...pricing, warnings: [...built.warnings, ...pricing.warnings] };
  }

  async generate(request: GenerateRequest): Promise<GenerateResponse> {
    const { clock, client } = this.config;
    const startedAt = clock.now();
    const { signal } = request;
    try {
      const { params, warnings, costOf } = this.prepare(request);
      const { data, response } = await client.messages
        .create({ ...params, stream: false }, { signal })
        .withResponse();
      const { content, reasoning } = mapAnthropicContent(data.content);
      const usage = mapAnthropicUsage(data.usage);
      return {
        id: data.id,
        provider,
        model: data.model,
        content,
        finishReason: mapAnthropicFinishReason(data.stop_reason),
        usage,
        costUsd: costOf(usage),
        latencyMs: clock.now() - startedAt,
        warnings,
        rateLimits: readAnthropicRateLimits(response.headers),
        trace: { attempts: [] },
        ...(reasoning ? { providerMetadata: { anthropic: { reasoning } } } : {}),
      };
    } catch (error) {
      throw this.fail(error, signal);
    }
  }

  async *stream(request: GenerateRequest): AsyncGenerator<StreamEvent> {
    const { clock, client } = this.config;
    const startedAt = clock.now();
    const { signal } = request;
    let firstTokenAt: number | undefined;
    try {
      const { params, warnings, costOf } = this.prepare(request);
      const { data: events, response } = await client.messages
        .create({ ...params, stream: true }, { signal })
        .withResponse();
      const mapper = createAnthropicStreamMapper({
        warnings,
        rateLimits: readAnthropicRateLimits(response.headers),
      });
      for await (const raw of events) {
        for (const event of mapper.map(raw)) {
          if (event.type !== 'start') firstTokenAt ??= clock.now();
          yield event;
        }
      }
      const outcome = mapper.outcome();
      // The SDK ends a stream quietly when its signal aborts; an unfinished stream is an error.
      if (!outcome) {
        throw signal?.aborted
          ? signal.reason
          : new LlmuxError({
              kind: 'server_error',
              message: 'The Anthropic stream ended before message_stop',
              provider,
              model: this.modelId,
            });
      }
      yield {
        type: 'finish',
        finishReason: outcome.finishReason,
        usage: outcome.usage,
        costUsd: costOf(outcome.usage),
        latencyMs: clock.now() - startedAt,
        ...(firstTokenAt === undefined ? {} : { timeToFirstTokenMs: firstTokenAt - startedAt }),
        trace: { attempts: [] },
        ...(outcome.reasoning
          ? { providerMetadata: { anthropic: { reasoning: outcome.reasoning } } }
          : {}),
      };
    } catch (error) {
      yield { type: 'error', error: this.fail(error, signal) };
    }
  }

  async countTokens(request: GenerateRequest): Promise<number> {
    const { signal } = request;
    try {
      const { params } = this.prepare(request);
      const { model, messages, system, tools, tool_choice, thinking, output_config } = params;
      const { input_tokens } = await this.config.client.messages.countTokens(
        { model, messages, system, tools, tool_choice, thinking, output_config },
        { signal },
      );
      return input_tokens;
    } catch (error) {
      throw this.fail(error, signal);
    }
  }
}
