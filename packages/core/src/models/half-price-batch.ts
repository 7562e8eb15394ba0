import type { ModelPricing, RateTier, TokenRates } from '../model-catalog.js';

const halved = (rates: TokenRates): TokenRates =>
  Object.fromEntries(
    Object.entries(rates).map(([kind, usd]) => [kind, (usd as number) / 2]),
  ) as unknown as TokenRates;

/** A tier's token rates with their batch rates: half of each, cache reads and writes included. */
const tier = <T extends TokenRates>({ ...rates }: T): T & RateTier => {
  const { thresholdTokens: _, ...tokens } = rates as T & { thresholdTokens?: number };
  return { ...rates, batch: halved(tokens) };
};

/**
 * A model's prices whose batch API takes half of every rate (Anthropic's Message Batches), the
 * long-context tier's too: the table states the live rates once and the batch rates follow.
 */
export const withHalfPriceBatch = (
  pricing: Omit<ModelPricing, 'batch' | 'longContext'> & {
    longContext?: TokenRates & { thresholdTokens: number };
  },
): ModelPricing => {
  const { longContext, cacheStoragePerHour, ...rates } = pricing;
  return {
    ...tier(rates),
    ...(longContext && { longContext: tier(longContext) }),
    ...(cacheStoragePerHour !== undefined && { cacheStoragePerHour }),
  };
};
