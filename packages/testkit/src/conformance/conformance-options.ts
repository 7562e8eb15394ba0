import type { LanguageModel, ModelCatalog } from '@llmux/core';
import type { Fault } from '../simulator/faults.js';
import type { ProviderName, SimulatorDialect } from '../simulator/types.js';

export interface ConformanceOptions {
  /** The simulator to run against: a built-in provider, or the dialect of a new one. */
  provider: ProviderName | SimulatorDialect;
  /** A model the adapter prices (core's catalog, or `catalog`). */
  modelId: string;
  createModel(options: { baseURL: string; apiKey: string; modelId: string }): LanguageModel;
  catalog?: ModelCatalog;
  /** What the provider supports; all default to true. */
  capabilities?: {
    images?: boolean;
    json?: boolean;
    countTokens?: boolean;
    /** Whether the provider reports rate limits in response headers (Gemini does not). */
    rateLimitHeaders?: boolean;
    /**
     * Whether usage reports prompt-cache reads and writes, priced at their own rates (Ollama's
     * does not); as the dialect flag of the same name (`DialectCapabilities`).
     */
    promptCacheUsage?: boolean;
    /** Whether the provider can stop an answer for its content filter (Ollama cannot). */
    contentFilter?: boolean;
  };
  /**
   * Settings of the contract the adapter deliberately neither sends nor warns about (say, an end
   * user the provider has no field for): the conformance cases check that they change nothing.
   */
  unsentSettings?: string[];
  /** A fault the provider answers a too-long prompt with; defaults exist for the built-in three. */
  contextLengthFault?: Fault;
}

/** How each provider words a prompt that is too long (status 400), from their real errors. */
export const contextLengthFaults: Record<ProviderName, Fault> = {
  anthropic: {
    type: 'status',
    status: 400,
    message: 'prompt is too long: 210000 tokens > 200000 maximum',
  },
  openai: {
    type: 'status',
    status: 400,
    message:
      "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens. Please reduce the length of the messages.",
  },
  gemini: {
    type: 'status',
    status: 400,
    message:
      'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).',
  },
};
