import type { GenerateRequest } from './request.js';
import type { GenerateResponse } from './response.js';
import type { StreamEvent } from './stream-event.js';

/**
 * The one contract of llmux. Providers implement it; every layer (router, failover, rate
 * limits, cache) implements it too and wraps other models, so layers compose like middleware.
 *
 * `generate` rejects with an `LlmuxError`. `stream` never throws: failures, before or during
 * the stream, arrive as a final `error` event.
 */
export interface LanguageModel {
  /** `anthropic`, `openai`, `gemini`, or the layer's name (`router`, `cache`, ...). */
  readonly provider: string;
  readonly modelId: string;
  /**
   * Which deployment of the model this is, when there are several (two API keys, Azure, Bedrock):
   * health, circuits, limits and plans tell deployments apart by it. Default `provider:modelId`
   * (see `deploymentIdOf`); `provider` and `modelId` stay the model's, for prices and capabilities.
   */
  readonly deploymentId?: string;
  generate(request: GenerateRequest): Promise<GenerateResponse>;
  stream(request: GenerateRequest): AsyncIterable<StreamEvent>;
  /** Exact input tokens of a request, from the provider's count-tokens endpoint, where it has one. */
  countTokens?(request: GenerateRequest): Promise<number>;
}
