import {
  defaultCatalog,
  type GenerateRequest,
  type LanguageModel,
  type ModelCatalog,
} from '@llmux/core';
import type { Simulator } from '../simulator/start-simulator.js';
import type { ConformanceOptions } from './conformance-options.js';

/** What every group of conformance cases shares: the running simulator and a model over it. */
export interface ConformanceContext {
  options: ConformanceOptions;
  catalog: ModelCatalog;
  provider: string;
  sim(): Simulator;
  model(): LanguageModel;
}

export const createContext = (
  options: ConformanceOptions,
  sim: () => Simulator,
  model: () => LanguageModel,
): ConformanceContext => ({
  options,
  catalog: options.catalog ?? defaultCatalog,
  provider: typeof options.provider === 'string' ? options.provider : options.provider.provider,
  sim,
  model,
});

export const ask = (text: string, extra: Partial<GenerateRequest> = {}): GenerateRequest => ({
  messages: [{ role: 'user', content: text }],
  maxOutputTokens: 256,
  ...extra,
});

/** A 1x1 transparent PNG. */
export const tinyPng =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
