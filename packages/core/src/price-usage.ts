import { LlmuxError } from './errors.js';
import type { ModelPricing, TokenRates } from './model-catalog.js';
import type { Usage } from './usage.js';

export interface PriceOptions {
  /** The call went through the provider's batch API: price it at the tier's `batch` rates. */
  batch?: boolean;
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
  // Every call is priced, some several times: checked without making a list each time.
  for (const field of usageCounts) assertCount(field, usage[field]);
  if (usage.cacheWrite1hTokens !== undefined) {
    assertCount('cacheWrite1hTokens', usage.cacheWrite1hTokens);
  }
}

function assertCount(field: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new LlmuxError({
      kind: 'invalid_request',
      message: `usage.${field} must be a finite token count >= 0, got ${String(value)}`,
    });
  }
}

/**
 * The rates a call pays, each one resolved: its tier (the long-context one once its input,
 * cached tokens included, exceeds the threshold), at that tier's batch rates for a batch call;
 * unpriced cache reads and writes at the input rate, unpriced 1-hour writes at the default write
 * rate. Throws for usage that is not a set of counts, and for a batch call without batch rates.
 */
export function callRates(
  usage: Usage,
  pricing: ModelPricing,
  options: PriceOptions = {},
): Required<TokenRates> {
  assertValidUsage(usage);
  const long = pricing.longContext;
  const tier = long && usage.inputTokens > long.thresholdTokens ? long : pricing;
  const rates = options.batch ? tier.batch : tier;
  if (!rates) {
    throw new LlmuxError({
      kind: 'not_found',
      message:
        tier === pricing
          ? 'No batch price is known for this model: give its pricing `batch` rates'
          : 'No batch price is known for this model above its long-context threshold: give `longContext` `batch` rates',
    });
  }
  const cacheWrite = rates.cacheWrite ?? rates.input;
  return {
    input: rates.input,
    output: rates.output,
    cacheRead: rates.cacheRead ?? rates.input,
    cacheWrite,
    cacheWrite1h: rates.cacheWrite1h ?? cacheWrite,
  };
}

/** Of a call's cache writes, those at the 1-hour rate: never more than there were writes. */
export const writes1hOf = (usage: Usage): number =>
  Math.min(usage.cacheWrite1hTokens ?? 0, usage.cacheWriteTokens);

/**
 * Cost of a call at the given prices (at batch rates with `{ batch: true }`); see `callRates` for
 * the rates it pays. Counts are multiplied by rates before the one division by a million, so
 * whole-million counts cost exactly the listed rate.
 */
export function priceUsage(usage: Usage, pricing: ModelPricing, options?: PriceOptions): number {
  const rates = callRates(usage, pricing, options);
  const writes1h = writes1hOf(usage);
  const uncached = Math.max(0, usage.inputTokens - usage.cacheReadTokens - usage.cacheWriteTokens);
  const microDollars =
    uncached * rates.input +
    usage.cacheReadTokens * rates.cacheRead +
    (usage.cacheWriteTokens - writes1h) * rates.cacheWrite +
    writes1h * rates.cacheWrite1h +
    usage.outputTokens * rates.output;
  return microDollars / 1_000_000;
}
