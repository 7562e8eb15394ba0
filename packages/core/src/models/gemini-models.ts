import type { ModelInfo } from '../model-catalog.js';
import { allCapabilities } from './capabilities.js';

/**
 * Gemini Developer API models on the Paid tier, USD per million tokens; output includes
 * thinking tokens. `cacheRead` is the context-caching (and implicit-cache) token rate;
 * `cacheStoragePerHour` is what an explicit cache costs to keep, per million tokens per hour,
 * billed apart from calls (see `priceCacheStorage`); implicit caching has no storage charge.
 * Pro models bill the whole request at their long-context rates once the prompt exceeds 200K.
 * `batch` is batch mode: "50% discount" on the standard price ([optimization]). No stored copy
 * gives a batch rate for cached tokens; they are taken at half too, like every other batch rate.
 *
 * Sources, as stored on 2026-12-06:
 * - [pricing] https://ai.google.dev/gemini-api/docs/pricing, read through its verbatim
 *   transcription in api-evangelist/deepmind `plans/deepmind-plans-pricing.yml` (page read
 *   2026-10-07), which captures input and output rates, and "Batch API (50% cost reduction)",
 *   but not cache rates.
 * - [optimization] https://ai.google.dev/gemini-api/docs/optimization: Batch "50% discount",
 *   Caching "90% discount + prorated token storage".
 * - [model] https://ai.google.dev/gemini-api/docs/models/{model}: token limits.
 * Cache rates not in [pricing] are 10% of input, the ratio Google lists for every Gemini 2.5
 * and 3 model; the row says where a third-party copy confirms it. Storage rates are given
 * where a copy of [pricing] shows them; the others are not known and are left out.
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
    pricing: {
      input: 3,
      output: 15,
      cacheRead: 0.15,
      batch: { input: 1.5, output: 7.5, cacheRead: 0.075 },
    },
  },
  {
    // [pricing]: $0.75 / $3.75 through 2026-12-31, then $1.50 / $7.50 from 2027-01-01.
    // Cached $0.075 and batch at half per BerriAI/litellm discussion #39357. Override this row
    // from 2027.
    provider: 'gemini',
    model: 'gemini-3.8-flash',
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    capabilities: allCapabilities,
    pricing: {
      input: 0.75,
      output: 3.75,
      cacheRead: 0.075,
      batch: { input: 0.375, output: 1.875, cacheRead: 0.0375 },
    },
  },
  {
    // [pricing] $1.50 / $9.00; cached $0.15 as in Zoo-Code-Org/Zoo-Code PR #331.
    provider: 'gemini',
    model: 'gemini-3.5-flash',
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    capabilities: allCapabilities,
    pricing: {
      input: 1.5,
      output: 9,
      cacheRead: 0.15,
      batch: { input: 0.75, output: 4.5, cacheRead: 0.075 },
    },
  },
  {
    // [pricing] $2 / $12, over 200K $4 / $18; [model] 1,048,576 / 65,536. Cached $0.20 / $0.40
    // and storage $4.50 an hour as in a copy of the [pricing] table quoted in a public
    // cost-tracking script (and in adk-gemini's pricing.rs).
    provider: 'gemini',
    model: 'gemini-3.1-pro-preview',
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    capabilities: allCapabilities,
    pricing: {
      input: 2,
      output: 12,
      cacheRead: 0.2,
      cacheStoragePerHour: 4.5,
      batch: { input: 1, output: 6, cacheRead: 0.1 },
      longContext: {
        thresholdTokens: 200_000,
        input: 4,
        output: 18,
        cacheRead: 0.4,
        batch: { input: 2, output: 9, cacheRead: 0.2 },
      },
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
      cacheStoragePerHour: 4.5,
      batch: { input: 1, output: 6, cacheRead: 0.1 },
      longContext: {
        thresholdTokens: 200_000,
        input: 4,
        output: 18,
        cacheRead: 0.4,
        batch: { input: 2, output: 9, cacheRead: 0.2 },
      },
    },
  },
  {
    // $0.50 / $3.00 as "official Google AI pricing" quoted by muapi.ai; cached $0.05 and
    // storage $1.00 an hour as in pydantic/genai-prices and a public cost table.
    provider: 'gemini',
    model: 'gemini-3-flash-preview',
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    capabilities: allCapabilities,
    pricing: {
      input: 0.5,
      output: 3,
      cacheRead: 0.05,
      cacheStoragePerHour: 1,
      batch: { input: 0.25, output: 1.5, cacheRead: 0.025 },
    },
  },
  {
    // [pricing] $1.25, over 200K $2.50 input; output $10 / $15 per deploybase.ai (March 2026).
    // Cached $0.125 / $0.25, storage $4.50 an hour and batch $0.625 / $5 as verified against
    // [pricing] on 2026-05-08 in a public cost tracker.
    provider: 'gemini',
    model: 'gemini-2.5-pro',
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    capabilities: allCapabilities,
    pricing: {
      input: 1.25,
      output: 10,
      cacheRead: 0.125,
      cacheStoragePerHour: 4.5,
      batch: { input: 0.625, output: 5, cacheRead: 0.0625 },
      longContext: {
        thresholdTokens: 200_000,
        input: 2.5,
        output: 15,
        cacheRead: 0.25,
        batch: { input: 1.25, output: 7.5, cacheRead: 0.125 },
      },
    },
  },
  {
    // [pricing] $0.30 input (text, image, video; audio is $1.00); output $2.50 per deploybase.ai.
    // Storage $1.00 an hour and batch $0.15 / $1.25 from the same tracker as 2.5 Pro.
    provider: 'gemini',
    model: 'gemini-2.5-flash',
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    capabilities: allCapabilities,
    pricing: {
      input: 0.3,
      output: 2.5,
      cacheRead: 0.03,
      cacheStoragePerHour: 1,
      batch: { input: 0.15, output: 1.25, cacheRead: 0.015 },
    },
  },
  {
    // [pricing] $0.40 output; $0.10 input per aifreeapi.com; 1,048,576 / 65,536 per the
    // Vertex AI model page. Storage $1.00 an hour and batch $0.05 / $0.20 as for 2.5 Flash.
    provider: 'gemini',
    model: 'gemini-2.5-flash-lite',
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    capabilities: allCapabilities,
    pricing: {
      input: 0.1,
      output: 0.4,
      cacheRead: 0.01,
      cacheStoragePerHour: 1,
      batch: { input: 0.05, output: 0.2, cacheRead: 0.005 },
    },
  },
];
