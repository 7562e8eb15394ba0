import { LlmuxError } from './errors.js';
import type { Usage } from './usage.js';

/** USD per million tokens. */
export interface TokenRates {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}

export interface ModelPricing extends TokenRates {
  /** Rates that apply to the whole call once its input exceeds `thresholdTokens`. */
  longContext?: TokenRates & { thresholdTokens: number };
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
}

export interface ModelCatalog {
  get(provider: string, model: string): ModelInfo | undefined;
  list(): ModelInfo[];
  /** Exact cost in USD of a call's usage; throws `not_found` for a model without a price. */
  costOf(usage: Usage, provider: string, model: string): number;
}

const perMillion = (tokens: number, rate: number) => (tokens * rate) / 1_000_000;

/** Cost of a call at the given prices. Cache rates default to the input rate where unpriced. */
export function priceUsage(usage: Usage, pricing: ModelPricing): number {
  const long = pricing.longContext;
  const rates: TokenRates = long && usage.inputTokens > long.thresholdTokens ? long : pricing;
  const uncached = Math.max(0, usage.inputTokens - usage.cacheReadTokens - usage.cacheWriteTokens);
  return (
    perMillion(uncached, rates.input) +
    perMillion(usage.cacheReadTokens, rates.cacheRead ?? rates.input) +
    perMillion(usage.cacheWriteTokens, rates.cacheWrite ?? rates.input) +
    perMillion(usage.outputTokens, rates.output)
  );
}

/**
 * A catalog of models and prices: `models` replace or add to `base` by provider and model.
 * Dated snapshots (`claude-sonnet-4-5-20250929`) are found under their undated name.
 */
export function createModelCatalog(models: ModelInfo[] = [], base: ModelInfo[] = []): ModelCatalog {
  const byKey = new Map<string, ModelInfo>();
  for (const info of [...base, ...models]) byKey.set(`${info.provider}:${info.model}`, info);

  const get = (provider: string, model: string) =>
    byKey.get(`${provider}:${model}`) ??
    byKey.get(
      `${provider}:${model.replace(/-\d{8}$|-\d{4}-\d{2}-\d{2}$|-(latest|preview.*)$/, '')}`,
    );

  return {
    get,
    list: () => [...byKey.values()],
    costOf(usage, provider, model) {
      const info = get(provider, model);
      if (!info) {
        throw new LlmuxError({
          kind: 'not_found',
          message: `No price is known for ${provider} model "${model}"; add it with createModelCatalog()`,
          provider,
          model,
        });
      }
      return priceUsage(usage, info.pricing);
    },
  };
}
