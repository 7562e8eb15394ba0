/**
 * Health thresholds shared by failover's circuit breaker and the router's health policy, so that
 * both call a provider and model unhealthy at the same point, and the router puts an open circuit
 * back in the plan just when the breaker lets a probe through.
 */
export const healthDefaults = {
  /** The recent window outcomes are counted over. */
  windowMs: 60_000,
  /** Share of failed calls in the window at which a model is unhealthy (its circuit opens). */
  failureRate: 0.5,
  /** Calls the window must hold before its failure rate counts. */
  minSamples: 10,
  /** How long an open circuit refuses calls before one probe may go. */
  openMs: 30_000,
} as const;
