import { type PriceOptions, priceUsage } from './price-usage.js';
import { UnpricedModelError } from './unpriced-model-error.js';
import type { Usage } from './usage.js';

/** USD per million tokens. */
export interface TokenRates {
  input: number;
  output: number;
  cacheRead?: number;
  /** Cache writes with the provider's default lifetime (Anthropic: 5 minutes). */
  cacheWrite?: number;
  /** Anthropic's 1-hour cache writes (`Usage.cacheWrite1hTokens`). */
  cacheWrite1h?: number;
}

/** One tier of a model's prices: its standard rates and those of the provider's batch API. */
export interface RateTier extends TokenRates {
  /**
   * Rates of a call made through the provider's batch API (Anthropic's Message Batches, OpenAI's
   * Batch API, Gemini's batch mode), cache reads and writes included. Absent: no batch price is
   * known, and pricing a batch call throws.
   */
  batch?: TokenRates;
}

export interface ModelPricing extends RateTier {
  /**
   * Rates that apply to the whole call, output included, once its input (cached tokens
   * included) exceeds `thresholdTokens`.
   */
  longContext?: RateTier & { thresholdTokens: number };
  /**
   * What an explicit context cache costs to keep, in USD per million tokens per hour (Gemini's
   * storage price): billed apart from any call, see `priceCacheStorage`.
   */
  cacheStoragePerHour?: number;
}

export interface ModelCapabilities {
  tools: boolean;
  images: boolean;
  /** JSON output mode. */
  json: boolean;
  /** JSON output constrained by a schema. */
  jsonSchema: boolean;
}

export interface ModelInfo {
  provider: string;
  model: string;
  contextWindow: number;
  maxOutputTokens: number;
  capabilities: ModelCapabilities;
  pricing: ModelPricing;
  /**
   * Set on embedding models, which bill input only (`output: 0`), have no output tokens
   * (`maxOutputTokens: 0`) and whose `contextWindow` is the most tokens of one text.
   */
  embedding?: {
    /** The size of the vectors it makes by default. */
    dimensions: number;
  };
}

export interface ModelCatalog {
  get(provider: string, model: string): ModelInfo | undefined;
  list(): ModelInfo[];
  /**
   * Exact cost in USD of a call's usage (at batch rates with `{ batch: true }`); throws an
   * `UnpricedModelError` (`not_found`) for a model without a price.
   */
  costOf(usage: Usage, provider: string, model: string, options?: PriceOptions): number;
}

/** `claude-sonnet-4-5-20250929`, `gpt-4o-mini-2024-07-18`, `gemini-2.5-pro-latest` → base name. */
const undated = (model: string) =>
  model.replace(/-\d{8}$|-\d{4}-\d{2}-\d{2}$|-(latest|preview.*)$/, '');

/**
 * A catalog of models and prices: `models` replace or add to `base` by provider and model.
 * Dated snapshots (`claude-sonnet-4-5-20250929`) are found under their undated name.
 */
export function createModelCatalog(models: ModelInfo[] = [], base: ModelInfo[] = []): ModelCatalog {
  const byKey = new Map<string, ModelInfo>();
  for (const info of [...base, ...models]) byKey.set(`${info.provider}:${info.model}`, info);

  const get = (provider: string, model: string) =>
    byKey.get(`${provider}:${model}`) ?? byKey.get(`${provider}:${undated(model)}`);

  return {
    get,
    list: () => [...byKey.values()],
    costOf(usage, provider, model, options) {
      const info = get(provider, model);
      if (!info) {
        throw new UnpricedModelError({
          provider,
          model,
          remedy: 'add it with createModelCatalog()',
        });
      }
      return priceUsage(usage, info.pricing, options);
    },
  };
}
