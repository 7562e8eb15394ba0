import type { LanguageModel, ModelCatalog } from '@llmux/core';
import type { Fault } from '../simulator/faults.js';
import type { ProviderName, SimulatorDialect } from '../simulator/types.js';
import type { WireReader } from './wire-view.js';

/**
 * What the provider (or the model) has; each defaults to true. A case that needs what the
 * provider lacks is skipped, and listed as skipped with the reason.
 */
export interface ConformanceCapabilities {
  images?: boolean;
  json?: boolean;
  countTokens?: boolean;
  /** Whether the provider reports rate limits in response headers (Gemini does not). */
  rateLimitHeaders?: boolean;
  /** Whether the provider reports prompt-cache reads and writes in its usage. */
  cacheUsage?: boolean;
  /** Whether the provider can end an answer for its content (a content-filter finish). */
  contentFilter?: boolean;
  /** Whether the model reasons before it answers, and counts reasoning tokens. */
  reasoning?: boolean;
}

export interface ConformanceOptions {
  /** The simulator to run against: a built-in provider, or the dialect of a new one. */
  provider: ProviderName | SimulatorDialect;
  /** A model the adapter prices (core's catalog, or `catalog`), unless `free`. */
  modelId: string;
  /**
   * The adapter under test, calling `baseURL` with `apiKey`. `timeoutMs`, when given, is the
   * adapter's own timeout setting: a call not answered within it fails with `timeout`.
   */
  createModel(options: {
    baseURL: string;
    apiKey: string;
    modelId: string;
    timeoutMs?: number;
  }): LanguageModel;
  catalog?: ModelCatalog;
  /** The model costs nothing (a local model): every cost must be 0, and no price is needed. */
  free?: boolean;
  capabilities?: ConformanceCapabilities;
  /**
   * Settings of the contract the adapter deliberately neither sends nor warns about (say, an end
   * user the provider has no field for): the conformance cases check that they change nothing.
   */
  unsentSettings?: string[];
  /** A fault the provider answers a too-long prompt with; defaults exist for the built-in three. */
  contextLengthFault?: Fault;
  /**
   * Reads what the adapter sent, in provider-neutral terms, for the cases that check each setting
   * on the wire. Built in for the three providers; required for a dialect of your own.
   */
  wire?: WireReader;
  /** Runs only these cases, by name as the suite lists them; a name that matches none throws. */
  only?: string[];
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
