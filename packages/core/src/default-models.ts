import type { ModelCapabilities, ModelInfo } from './model-catalog.js';

/** The day the prices below were read off the providers' public price pages. */
export const PRICES_AS_OF = '2026-11-25';

const all: ModelCapabilities = { tools: true, images: true, json: true, jsonSchema: true };

/**
 * Current models of the three providers, prices in USD per million tokens. Sources:
 * https://www.anthropic.com/pricing, https://openai.com/api/pricing,
 * https://ai.google.dev/gemini-api/docs/pricing.
 */
export const defaultModels: ModelInfo[] = [
  {
    provider: 'anthropic',
    model: 'claude-opus-4-5',
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    capabilities: all,
    pricing: { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  },
  {
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    contextWindow: 1_000_000,
    maxOutputTokens: 64_000,
    capabilities: all,
    pricing: {
      input: 3,
      output: 15,
      cacheRead: 0.3,
      cacheWrite: 3.75,
      longContext: {
        thresholdTokens: 200_000,
        input: 6,
        output: 22.5,
        cacheRead: 0.6,
        cacheWrite: 7.5,
      },
    },
  },
  {
    provider: 'anthropic',
    model: 'claude-haiku-4-5',
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    capabilities: all,
    pricing: { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
  },
  {
    provider: 'openai',
    model: 'gpt-5',
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    capabilities: all,
    pricing: { input: 1.25, output: 10, cacheRead: 0.125 },
  },
  {
    provider: 'openai',
    model: 'gpt-5-mini',
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    capabilities: all,
    pricing: { input: 0.25, output: 2, cacheRead: 0.025 },
  },
  {
    provider: 'openai',
    model: 'gpt-5-nano',
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    capabilities: all,
    pricing: { input: 0.05, output: 0.4, cacheRead: 0.005 },
  },
  {
    provider: 'openai',
    model: 'gpt-4.1',
    contextWindow: 1_047_576,
    maxOutputTokens: 32_768,
    capabilities: all,
    pricing: { input: 2, output: 8, cacheRead: 0.5 },
  },
  {
    provider: 'gemini',
    model: 'gemini-2.5-pro',
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    capabilities: all,
    pricing: {
      input: 1.25,
      output: 10,
      cacheRead: 0.125,
      longContext: { thresholdTokens: 200_000, input: 2.5, output: 15, cacheRead: 0.25 },
    },
  },
  {
    provider: 'gemini',
    model: 'gemini-2.5-flash',
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    capabilities: all,
    pricing: { input: 0.3, output: 2.5, cacheRead: 0.03 },
  },
  {
    provider: 'gemini',
    model: 'gemini-2.5-flash-lite',
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    capabilities: all,
    pricing: { input: 0.1, output: 0.4, cacheRead: 0.01 },
  },
];
