import { LlmuxError } from './errors.js';
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

export interface ModelPricing extends TokenRates {
  /**
   * Rates that apply to the whole call, output included, once its input (cached tokens
   * included) exceeds `thresholdTokens`.
   */
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

const usageCounts = [
  'inputTokens',
  'outputTokens',
  'cacheReadTokens',
  'cacheWriteTokens',
  'reasoningTokens',
] as const;

/** A cost is only as good as its counts: a NaN here would poison every spend total after it. */
function assertValidUsage(usage: Usage): void {
  const counts: Array<[string, unknown]> = usageCounts.map((field) => [field, usage[field]]);
  if (usage.cacheWrite1hTokens !== undefined) {
    counts.push(['cacheWrite1hTokens', usage.cacheWrite1hTokens]);
  }
  for (const [field, value] of counts) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new LlmuxError({
        kind: 'invalid_request',
        message: `usage.${field} must be a finite token count >= 0, got ${String(value)}`,
      });
    }
  }
}

/**
 * Cost of a call at the given prices. Unpriced cache reads and writes cost the input rate, and
 * unpriced 1-hour writes the default write rate. Counts are multiplied by rates before the one
 * division by a million, so whole-million counts cost exactly the listed rate.
 */
export function priceUsage(usage: Usage, pricing: ModelPricing): number {
  assertValidUsage(usage);
  const long = pricing.longContext;
  const rates: TokenRates = long && usage.inputTokens > long.thresholdTokens ? long : pricing;
  const writeRate = rates.cacheWrite ?? rates.input;
  const writes1h = Math.min(usage.cacheWrite1hTokens ?? 0, usage.cacheWriteTokens);
  const uncached = Math.max(0, usage.inputTokens - usage.cacheReadTokens - usage.cacheWriteTokens);
  const microDollars =
    uncached * rates.input +
    usage.cacheReadTokens * (rates.cacheRead ?? rates.input) +
    (usage.cacheWriteTokens - writes1h) * writeRate +
    writes1h * (rates.cacheWrite1h ?? writeRate) +
    usage.outputTokens * rates.output;
  return microDollars / 1_000_000;
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
