import type Anthropic from '@anthropic-ai/sdk';
import {
  type Clock,
  type GenerateRequest,
  type GenerateResponse,
  guardStream,
  type LanguageModel,
  type LlmuxError,
  type ModelCatalog,
  type Pricing,
  pricingFor,
  type StreamEvent,
  startCallTimer,
  streamEndedError,
} from '@llmux/core';
import { createAnthropicStreamMapper } from './anthropic-stream-mapper.js';
import { buildAnthropicRequest } from './build-anthropic-request.js';
import { mapAnthropicContent } from './map-anthropic-content.js';
import { mapAnthropicError } from './map-anthropic-error.js';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';
import { mapAnthropicUsage } from './map-anthropic-usage.js';
import { readAnthropicRateLimits } from './read-anthropic-rate-limits.js';
import { type AnthropicStreamReading, readAnthropicStream } from './read-anthropic-stream.js';

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
  private readonly pricing: Pricing;

  /**
   * `apiModelId`, when given, is what the API calls the model (Bedrock's
   * `us.anthropic.claude-sonnet-4-6-v1:0`); `modelId` stays the catalog's, for prices and the
   * response's `model`.
   */
  constructor(
    readonly modelId: string,
    private readonly config: ClaudeModelConfig,
    private readonly apiModelId?: string,
  ) {
    this.pricing = pricingFor(config.catalog, provider, modelId);
  }

  private fail(error: unknown, signal: AbortSignal | undefined): LlmuxError {
    const apiKey = this.config.client.apiKey ?? undefined;
    return mapAnthropicError(error, {
      signal,
      model: this.modelId,
      now: this.config.clock.now(),
      apiKey,
    });
  }

  private prepare(request: GenerateRequest) {
    const built = buildAnthropicRequest(request, this.modelId, this.config.defaultMaxOutputTokens);
    const { warning } = this.pricing;
    return {
      ...built,
      params: this.apiModelId ? { ...built.params, model: this.apiModelId } : built.params,
      warnings: warning ? [...built.warnings, warning] : built.warnings,
    };
  }

  /** Per call, so that an injected client makes one attempt too: failover owns retrying. */
  private options(signal: AbortSignal | undefined) {
    return { maxRetries: 0, ...(signal ? { signal } : {}) };
  }

  async generate(request: GenerateRequest): Promise<GenerateResponse> {
    const timer = startCallTimer(this.config.clock);
    const signal = request?.signal;
    try {
      const { params, warnings, jsonTool } = this.prepare(request);
      const { data, response } = await this.config.client.messages
        .create({ ...params, stream: false }, this.options(signal))
        .withResponse();
      const usage = mapAnthropicUsage(data.usage);
      return {
        id: data.id,
        provider,
        model: this.apiModelId ? this.modelId : data.model,
        content: mapAnthropicContent(data.content, jsonTool),
        finishReason: mapAnthropicFinishReason(data.stop_reason, jsonTool !== undefined),
        usage,
        costUsd: this.pricing.costOf(usage),
        ...timer.timing(),
        warnings,
        rateLimits: readAnthropicRateLimits(response.headers),
        trace: { attempts: [] },
      };
    } catch (error) {
      throw this.fail(error, signal);
    }
  }

  stream(request: GenerateRequest): AsyncIterable<StreamEvent> {
    // `request` may be anything a caller passed: its refusal must still arrive as an event.
    const signal = request?.signal;
    return guardStream(
      readAnthropicStream(() => this.open(request)),
      {
        provider,
        model: this.modelId,
        signal,
        mapError: (error) => this.fail(error, signal),
      },
    );
  }

  /** Makes a streamed call; its events become core's (`guardStream` holds them to the contract). */
  private async open(request: GenerateRequest): Promise<AnthropicStreamReading<StreamEvent>> {
    const timer = startCallTimer(this.config.clock);
    const { params, warnings, jsonTool } = this.prepare(request);
    const response = await this.config.client.messages
      .create({ ...params, stream: true }, this.options(request?.signal))
      .asResponse();
    const mapper = createAnthropicStreamMapper({
      warnings,
      rateLimits: readAnthropicRateLimits(response.headers),
      ...(jsonTool ? { jsonTool } : {}),
    });
    return {
      response,
      map: (raw) => {
        const events = mapper.map(raw);
        for (const event of events) timer.observe(event);
        if (raw.type !== 'message_start' || !this.apiModelId) return events;
        return events.map((event) =>
          event.type === 'start' ? { ...event, model: this.modelId } : event,
        );
      },
      end: () => {
        const outcome = mapper.outcome();
        if (!outcome) throw streamEndedError({ provider, model: this.modelId }, 'message_stop');
        return [
          {
            type: 'finish',
            finishReason: outcome.finishReason,
            usage: outcome.usage,
            costUsd: this.pricing.costOf(outcome.usage),
            ...timer.timing(),
            trace: { attempts: [] },
          },
        ];
      },
    };
  }

  async countTokens(request: GenerateRequest): Promise<number> {
    const signal = request?.signal;
    try {
      const { params } = this.prepare(request);
      const { model, messages, system, tools, tool_choice, thinking, output_config } = params;
      const { input_tokens } = await this.config.client.messages.countTokens(
        { model, messages, system, tools, tool_choice, thinking, output_config },
        this.options(signal),
      );
      return input_tokens;
    } catch (error) {
      throw this.fail(error, signal);
    }
  }
}
