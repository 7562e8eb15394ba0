import type { ModelPricing } from './model-catalog.js';
import { callRates, type PriceOptions, writes1hOf } from './price-usage.js';
import type { Usage } from './usage.js';

/**
 * What provider-side prompt caching saved on one call, in USD: the call's cost had every cached
 * token (cache reads and cache writes) been billed as plain input, minus its cost. Cache reads
 * save `input - cacheRead` a token, and cache writes subtract their premium, `cacheWrite - input`
 * a token (Anthropic, OpenAI's GPT-6 family; no premium where writes bill as input): a call that
 * only writes the cache saves less than nothing, and the calls that read it later make that up.
 * Both sides are priced at the call's own tier (long context included) and, with `{ batch: true }`,
 * at batch rates. The hourly storage of an explicit cache (Gemini) is billed apart from calls and
 * not counted here: see `priceCacheStorage`.
 */
export function promptCacheSavings(
  usage: Usage,
  pricing: ModelPricing,
  options?: PriceOptions,
): number {
  const rates = callRates(usage, pricing, options);
  const writes1h = writes1hOf(usage);
  const microDollars =
    usage.cacheReadTokens * (rates.input - rates.cacheRead) -
    (usage.cacheWriteTokens - writes1h) * (rates.cacheWrite - rates.input) -
    writes1h * (rates.cacheWrite1h - rates.input);
  return microDollars / 1_000_000;
}
