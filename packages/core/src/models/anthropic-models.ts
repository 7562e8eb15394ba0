import type { ModelInfo } from '../model-catalog.js';
import { allCapabilities } from './capabilities.js';
import { withHalfPriceBatch } from './half-price-batch.js';

/**
 * Claude models on the Claude API, USD per million tokens: base input, output, cache hits,
 * 5-minute cache writes (1.25x input) and 1-hour cache writes (2x input), and the same five at
 * Message Batches rates: half of each. The batch discount applies to every token type, cache
 * reads and writes included: caching multipliers stack with it ([pricing], "Batch processing";
 * the batch-processing page as quoted by neverpaytwice.pages.dev, 2026-11).
 *
 * Sources, as stored on 2026-12-06:
 * - [pricing] https://platform.claude.com/docs/en/about-claude/pricing, "Model pricing" table.
 *   The stored copy lists Claude Fable 5.1 but not Opus 5.5, so it dates from between
 *   2026-09-01 and 2026-09-22; it lists Opus 4.8, 4.7 and 4.6 at the Opus 4.5 rates.
 * - [overview] https://platform.claude.com/docs/{locale}/models/{model}/overview, the
 *   "Specifications" block of each model: context window, max output and the same five rates,
 *   and "Batch API: 50% discount on input and output".
 *
 * Claude 4.6 and later models bill their whole 1M window at the standard rates. Only
 * Haiku 5.5 (prompt tiers) and Sonnet 4.5 (1M-context beta) have a long-context tier.
 */
export const anthropicModels: ModelInfo[] = [
  {
    // Released 2026-11-09, after [pricing]'s copy; [overview] models/fable-5-2 is not stored.
    // $8 / $40, cache hits $0.20, writes $10 and $16 as given by archid21/rightsize v0.10.2 and
    // LaoZhang API's Fable 5.2 notice (2026-11-10, "Anthropic's list price"); 1M / 128K per
    // runware.ai. Cache hits are 0.025x input, as for Fable 5.1.
    provider: 'anthropic',
    model: 'claude-fable-5-2',
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    capabilities: allCapabilities,
    pricing: withHalfPriceBatch({
      input: 8,
      output: 40,
      cacheRead: 0.2,
      cacheWrite: 10,
      cacheWrite1h: 16,
    }),
  },
  {
    // [pricing]; 1M / 128K from the lineup table on every [overview] page. Cache hits are
    // 0.025x input, a footnoted exception to the usual 0.1x.
    provider: 'anthropic',
    model: 'claude-fable-5-1',
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    capabilities: allCapabilities,
    pricing: withHalfPriceBatch({
      input: 10,
      output: 50,
      cacheRead: 0.25,
      cacheWrite: 12.5,
      cacheWrite1h: 20,
    }),
  },
  {
    // [overview] models/opus-5-5 (released 2026-09-22).
    provider: 'anthropic',
    model: 'claude-opus-5-5',
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    capabilities: allCapabilities,
    pricing: withHalfPriceBatch({
      input: 4,
      output: 20,
      cacheRead: 0.2,
      cacheWrite: 5,
      cacheWrite1h: 8,
    }),
  },
  {
    // [overview] models/opus-5 (legacy since Opus 5.5) and [pricing].
    provider: 'anthropic',
    model: 'claude-opus-5',
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    capabilities: allCapabilities,
    pricing: withHalfPriceBatch({
      input: 5,
      output: 25,
      cacheRead: 0.5,
      cacheWrite: 6.25,
      cacheWrite1h: 10,
    }),
  },
  {
    // [overview] models/sonnet-5-5 for input, output and writes. Its stored copy still shows
    // cache hits at $0.20; Anthropic cut them to $0.10 on 2026-10-07, as the pricing page was
    // re-read by kurofune/claudit v1.9.2 (2026-10-24) and TheKrush/PromptFuel v1.0.23.
    provider: 'anthropic',
    model: 'claude-sonnet-5-5',
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    capabilities: allCapabilities,
    pricing: withHalfPriceBatch({
      input: 2,
      output: 10,
      cacheRead: 0.1,
      cacheWrite: 2.5,
      cacheWrite1h: 4,
    }),
  },
  {
    // [overview] models/sonnet-5 (legacy since Sonnet 5.5).
    provider: 'anthropic',
    model: 'claude-sonnet-5',
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    capabilities: allCapabilities,
    pricing: withHalfPriceBatch({
      input: 2,
      output: 10,
      cacheRead: 0.2,
      cacheWrite: 2.5,
      cacheWrite1h: 4,
    }),
  },
  {
    // [overview] models/haiku-5-5 (released 2026-10-07): 1M / 128K, "from $0.10 / $0.50".
    // The stored excerpt cuts off inside the tier table; both tiers as given by the Claude
    // Haiku 5.5 API guide on apidog.com (2026-10-08) and claudit v1.9.2, and at batch rates
    // ($0.05 / $0.25, over 100K $0.25 / $1.25) by neverpaytwice.pages.dev. The prompt that
    // decides the tier counts cache reads and writes, as `inputTokens` does.
    provider: 'anthropic',
    model: 'claude-haiku-5-5',
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    capabilities: allCapabilities,
    pricing: withHalfPriceBatch({
      input: 0.1,
      output: 0.5,
      cacheRead: 0.01,
      cacheWrite: 0.125,
      cacheWrite1h: 0.2,
      longContext: {
        thresholdTokens: 100_000,
        input: 0.5,
        output: 2.5,
        cacheRead: 0.05,
        cacheWrite: 0.625,
        cacheWrite1h: 1,
      },
    }),
  },
  {
    // [pricing] (zh-CN copy, whose table starts at Opus 4.6); max output 64K.
    provider: 'anthropic',
    model: 'claude-sonnet-4-6',
    contextWindow: 1_000_000,
    maxOutputTokens: 64_000,
    capabilities: allCapabilities,
    pricing: withHalfPriceBatch({
      input: 3,
      output: 15,
      cacheRead: 0.3,
      cacheWrite: 3.75,
      cacheWrite1h: 6,
    }),
  },
  {
    // [pricing] and [overview] models/opus-4-8 (legacy, released 2026-05-28): 1M / 128K.
    provider: 'anthropic',
    model: 'claude-opus-4-8',
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    capabilities: allCapabilities,
    pricing: withHalfPriceBatch({
      input: 5,
      output: 25,
      cacheRead: 0.5,
      cacheWrite: 6.25,
      cacheWrite1h: 10,
    }),
  },
  {
    // [pricing]; 1M / 128K from its Amazon Bedrock and Vertex AI model cards (released
    // 2026-04-16, retires no sooner than 2027-04-16).
    provider: 'anthropic',
    model: 'claude-opus-4-7',
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    capabilities: allCapabilities,
    pricing: withHalfPriceBatch({
      input: 5,
      output: 25,
      cacheRead: 0.5,
      cacheWrite: 6.25,
      cacheWrite1h: 10,
    }),
  },
  {
    // [pricing] and [overview] models/opus-4-6 (legacy, released 2026-02-05): 1M / 128K.
    provider: 'anthropic',
    model: 'claude-opus-4-6',
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    capabilities: allCapabilities,
    pricing: withHalfPriceBatch({
      input: 5,
      output: 25,
      cacheRead: 0.5,
      cacheWrite: 6.25,
      cacheWrite1h: 10,
    }),
  },
  {
    // [overview] models/opus-4-5 (legacy) and [pricing].
    provider: 'anthropic',
    model: 'claude-opus-4-5',
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    capabilities: allCapabilities,
    pricing: withHalfPriceBatch({
      input: 5,
      output: 25,
      cacheRead: 0.5,
      cacheWrite: 6.25,
      cacheWrite1h: 10,
    }),
  },
  {
    // Retired from the Claude API on 2026-11-30; kept so that logs and recordings of it still
    // price. [overview] models/sonnet-4-5: 200K, or 1M with the
    // `context-1m-2025-08-07` beta. Prompts over 200K on that beta cost 2x input and 1.5x
    // output, cache rates scaling with input; the stored excerpts do not reach that section
    // of [pricing], so this tier is carried over from the first table, unverified.
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    capabilities: allCapabilities,
    pricing: withHalfPriceBatch({
      input: 3,
      output: 15,
      cacheRead: 0.3,
      cacheWrite: 3.75,
      cacheWrite1h: 6,
      longContext: {
        thresholdTokens: 200_000,
        input: 6,
        output: 22.5,
        cacheRead: 0.6,
        cacheWrite: 7.5,
        cacheWrite1h: 12,
      },
    }),
  },
  {
    // [pricing] and the lineup table on every [overview] page: 200K / 64K.
    provider: 'anthropic',
    model: 'claude-haiku-4-5',
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    capabilities: allCapabilities,
    pricing: withHalfPriceBatch({
      input: 1,
      output: 5,
      cacheRead: 0.1,
      cacheWrite: 1.25,
      cacheWrite1h: 2,
    }),
  },
];
