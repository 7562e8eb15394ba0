import type { ModelInfo } from '../model-catalog.js';
import { allCapabilities } from './capabilities.js';

/**
 * Gemini Developer API models on the Paid tier, USD per million tokens; output includes
 * thinking tokens. `cacheRead` is the context-caching (and implicit-cache) token rate; the
 * hourly storage charge of explicit caches is not a per-call cost and is not modelled.
 * Pro models bill the whole request at their long-context rates once the prompt exceeds 200K.
 *
 * Sources, as stored on 2026-11-25:
 * - [pricing] https://ai.google.dev/gemini-api/docs/pricing, read through its verbatim
 *   transcription in api-evangelist/deepmind `plans/deepmind-plans-pricing.yml` (page read
 *   2026-10-07), which captures input and output rates but not cache rates.
 * - [model] https://ai.google.dev/gemini-api/docs/models/{model}: token limits.
 * Cache rates not in [pricing] are 10% of input, the ratio Google lists for every Gemini 2.5
 * and 3 model; the row says where a third-party copy confirms it.
 */
export const geminiModels: ModelInfo[] = [
  {
    // Released 2026-11-18, after the [pricing] read: $3 / $15, cached $0.15, from
    // iyulab/TokenMeter v0.17.0 and the Gemini 4 Neon API guide on apidog.com (2026-11-19);
    // 1,048,576 context shared with output, 65,536 output per synchronous call.
    provider: 'gemini',
    model: 'gemini-4-neon',
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    capabilities: allCapabilities,
    pricing: { input: 3, output: 15, cacheRead: 0.15 },
  },
  {
    // [pricing]: $0.75 / $3.75 through 2026-12-31, then $1.50 / $7.50 from 2027-01-01.
    // Cached $0.075 per BerriAI/litellm discussion #39357. Override this row from 2027.
    provider: 'gemini',
    model: 'gemini-3.8-flash',
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    capabilities: allCapabilities,
    pricing: { input: 0.75, output: 3.75, cacheRead: 0.075 },
  },
  {
    // [pricing] $1.50 / $9.00; cached $0.15 as in Zoo-Code-Org/Zoo-Code PR #331.
    provider: 'gemini',
    model: 'gemini-3.5-flash',
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    capabilities: allCapabilities,
    pricing: { input: 1.5, output: 9, cacheRead: 0.15 },
  },
  {
    // [pricing] $2 / $12, over 200K $4 / $18; [model] 1,048,576 / 65,536.
    provider: 'gemini',
    model: 'gemini-3.1-pro-preview',
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    capabilities: allCapabilities,
    pricing: {
      input: 2,
      output: 12,
      cacheRead: 0.2,
      longContext: { thresholdTokens: 200_000, input: 4, output: 18, cacheRead: 0.4 },
    },
  },
  {
    // Same prices as 3.1 Pro Preview (aifreeapi.com, January 2026); [model] 1,048,576 / 65,536.
    provider: 'gemini',
    model: 'gemini-3-pro-preview',
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    capabilities: allCapabilities,
    pricing: {
      input: 2,
      output: 12,
      cacheRead: 0.2,
      longContext: { thresholdTokens: 200_000, input: 4, output: 18, cacheRead: 0.4 },
    },
  },
  {
    // $0.50 / $3.00 as "official Google AI pricing" quoted by muapi.ai.
    provider: 'gemini',
    model: 'gemini-3-flash-preview',
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    capabilities: allCapabilities,
    pricing: { input: 0.5, output: 3, cacheRead: 0.05 },
  },
  {
    // [pricing] $1.25, over 200K $2.50 input; output $10 / $15 per deploybase.ai (March 2026).
    provider: 'gemini',
    model: 'gemini-2.5-pro',
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    capabilities: allCapabilities,
    pricing: {
      input: 1.25,
      output: 10,
      cacheRead: 0.125,
      longContext: { thresholdTokens: 200_000, input: 2.5, output: 15, cacheRead: 0.25 },
    },
  },
  {
    // [pricing] $0.30 input (text, image, video; audio is $1.00); output $2.50 per deploybase.ai.
    provider: 'gemini',
    model: 'gemini-2.5-flash',
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    capabilities: allCapabilities,
    pricing: { input: 0.3, output: 2.5, cacheRead: 0.03 },
  },
  {
    // [pricing] $0.40 output; $0.10 input per aifreeapi.com; 1,048,576 / 65,536 per the
    // Vertex AI model page.
    provider: 'gemini',
    model: 'gemini-2.5-flash-lite',
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    capabilities: allCapabilities,
    pricing: { input: 0.1, output: 0.4, cacheRead: 0.01 },
  },
];
