import type { ModelInfo } from '../model-catalog.js';
import { allCapabilities } from './capabilities.js';

/**
 * OpenAI models at Standard processing, USD per million tokens. `cacheRead` is OpenAI's
 * "cached input"; `cacheWrite` is the GPT-6 family's 30-minute cache write (older models bill
 * writes as plain input). GPT-6 and GPT-5.4 requests over 272K input tokens pay 2x input and
 * cache rates and 1.5x output for the whole request. `batch` is the Batch API: half of every
 * rate, cached input and cache writes included ("the same model costs half as much through the
 * Batch API": api-evangelist/openai `plans/openai-plans-pricing.yml`, [pricing] read 2026-08-27;
 * offpeak-ai/offpeak v0.2.1 checks the rule against the batch tab model by model).
 *
 * Sources, as stored on 2026-12-06:
 * - [model] https://developers.openai.com/api/docs/models/{model}, "Pricing" and context.
 * - [compare] https://developers.openai.com/api/docs/models/compare.
 * - [pricing] https://developers.openai.com/api/docs/pricing, which no stored page shows
 *   whole; third-party copies are named where a row leans on one.
 */
export const openaiModels: ModelInfo[] = [
  {
    // [model] gpt-6.2-sol: $2 / $0.10 cached / $2.50 cache write / $10; 1,050,000 context
    // (922,000 input at most), 128,000 output; the 272K rule is stated there.
    provider: 'openai',
    model: 'gpt-6.2-sol',
    contextWindow: 1_050_000,
    maxOutputTokens: 128_000,
    capabilities: allCapabilities,
    pricing: {
      input: 2,
      output: 10,
      cacheRead: 0.1,
      cacheWrite: 2.5,
      batch: { input: 1, output: 5, cacheRead: 0.05, cacheWrite: 1.25 },
      longContext: {
        thresholdTokens: 272_000,
        input: 4,
        output: 15,
        cacheRead: 0.2,
        cacheWrite: 5,
        batch: { input: 2, output: 7.5, cacheRead: 0.1, cacheWrite: 2.5 },
      },
    },
  },
  {
    // [compare] "Our most capable model": $10 / $1 cached / $50 / $12.50 cache writes,
    // 1,050,000 / 128,000 (GPT-6 Astra, released 2026-09-03). Long-context rates ($20 / $75)
    // as spelled out in BerriAI/litellm discussion #39633.
    provider: 'openai',
    model: 'gpt-6-astra',
    contextWindow: 1_050_000,
    maxOutputTokens: 128_000,
    capabilities: allCapabilities,
    pricing: {
      input: 10,
      output: 50,
      cacheRead: 1,
      cacheWrite: 12.5,
      batch: { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
      longContext: {
        thresholdTokens: 272_000,
        input: 20,
        output: 75,
        cacheRead: 2,
        cacheWrite: 25,
        batch: { input: 10, output: 37.5, cacheRead: 1, cacheWrite: 12.5 },
      },
    },
  },
  {
    // No stored official page; rates from merefield/codexometer v0.18.4 and PromptFuel
    // v1.0.21, both quoting [pricing] of 2026-09-22; window from vercel.com/ai-gateway.
    provider: 'openai',
    model: 'gpt-6-luna',
    contextWindow: 1_050_000,
    maxOutputTokens: 128_000,
    capabilities: allCapabilities,
    pricing: {
      input: 0.1,
      output: 0.5,
      cacheRead: 0.01,
      cacheWrite: 0.125,
      batch: { input: 0.05, output: 0.25, cacheRead: 0.005, cacheWrite: 0.0625 },
      longContext: {
        thresholdTokens: 272_000,
        input: 0.2,
        output: 0.75,
        cacheRead: 0.02,
        cacheWrite: 0.25,
        batch: { input: 0.1, output: 0.375, cacheRead: 0.01, cacheWrite: 0.125 },
      },
    },
  },
  {
    // $2.50 / $0.25 cached / $15 from [pricing] as read by api-evangelist/openai (2026-05-04);
    // 1,050,000 context (922K input), 128,000 output and $5 / $22.50 over 272K as listed by
    // wavespeed.ai and getmaxim.ai (released 2026-03-05). Cached input over 272K doubles with
    // input, as OpenAI's 272K rule states for the GPT-6 family.
    provider: 'openai',
    model: 'gpt-5.4',
    contextWindow: 1_050_000,
    maxOutputTokens: 128_000,
    capabilities: allCapabilities,
    pricing: {
      input: 2.5,
      output: 15,
      cacheRead: 0.25,
      batch: { input: 1.25, output: 7.5, cacheRead: 0.125 },
      longContext: {
        thresholdTokens: 272_000,
        input: 5,
        output: 22.5,
        cacheRead: 0.5,
        batch: { input: 2.5, output: 11.25, cacheRead: 0.25 },
      },
    },
  },
  {
    // [model] gpt-5-codex, whose comparison lists GPT-5 at the same $1.25 / $0.125 / $10 and
    // 400,000 / 128,000.
    provider: 'openai',
    model: 'gpt-5',
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    capabilities: allCapabilities,
    pricing: {
      input: 1.25,
      output: 10,
      cacheRead: 0.125,
      batch: { input: 0.625, output: 5, cacheRead: 0.0625 },
    },
  },
  {
    // GPT-5.1 kept GPT-5's prices and limits; not re-read from a stored page.
    provider: 'openai',
    model: 'gpt-5.1',
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    capabilities: allCapabilities,
    pricing: {
      input: 1.25,
      output: 10,
      cacheRead: 0.125,
      batch: { input: 0.625, output: 5, cacheRead: 0.0625 },
    },
  },
  {
    // Launch prices of 2025-08-07, carried over; 400K from vercel.com/ai-gateway.
    provider: 'openai',
    model: 'gpt-5-mini',
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    capabilities: allCapabilities,
    pricing: {
      input: 0.25,
      output: 2,
      cacheRead: 0.025,
      batch: { input: 0.125, output: 1, cacheRead: 0.0125 },
    },
  },
  {
    // Launch prices of 2025-08-07, carried over.
    provider: 'openai',
    model: 'gpt-5-nano',
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    capabilities: allCapabilities,
    pricing: {
      input: 0.05,
      output: 0.4,
      cacheRead: 0.005,
      batch: { input: 0.025, output: 0.2, cacheRead: 0.0025 },
    },
  },
  {
    // $2 / $8 as listed by aumiqx.com (April 2026); cached input 0.25x; 1,047,576 / 32,768.
    provider: 'openai',
    model: 'gpt-4.1',
    contextWindow: 1_047_576,
    maxOutputTokens: 32_768,
    capabilities: allCapabilities,
    pricing: {
      input: 2,
      output: 8,
      cacheRead: 0.5,
      batch: { input: 1, output: 4, cacheRead: 0.25 },
    },
  },
  {
    // $0.15 / $0.60, cached $0.075 (ai.cloudprice.net, source "openai_pricing", 2026-06-20);
    // 128,000 / 16,384.
    provider: 'openai',
    model: 'gpt-4o-mini',
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    capabilities: allCapabilities,
    pricing: {
      input: 0.15,
      output: 0.6,
      cacheRead: 0.075,
      batch: { input: 0.075, output: 0.3, cacheRead: 0.0375 },
    },
  },
];
