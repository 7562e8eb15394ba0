import type { ModelPricing } from './model-catalog.js';
import { priceUsage } from './price-usage.js';
import type { Trace } from './response.js';
import type { Usage } from './usage.js';

/** What a budget layer sees of a finished call: a response, or a stream's `finish` event. */
export interface FinishedCall {
  usage: Usage;
  costUsd: number;
  trace?: Trace;
}

/**
 * What a call counts against a budget: the `costUsd` its model reported; but a call that used
 * tokens and came back at 0 had no price where it was made (see `pricingFor`), so with `pricing`
 * (the budget layer's own price for the model) it counts its usage at that price instead, and is
 * never free for want of a price. A response-cache hit costs nothing and counts nothing.
 */
export function budgetCost(call: FinishedCall, pricing: ModelPricing | undefined): number {
  if (call.costUsd > 0 || call.trace?.cacheHit || !pricing) return call.costUsd;
  return priceUsage(call.usage, pricing);
}
