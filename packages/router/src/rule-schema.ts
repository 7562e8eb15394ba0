/**
 * The router's configuration as plain JSON-able data, so an app can load it from a file.
 * `validateRouterConfig` checks it and turns it into the compiled form the planner runs.
 */

/** `provider/model`, e.g. `anthropic/claude-sonnet-4-6`. */
export type CandidateId = string;

/** A candidate (`provider/model`) or a whole provider (`anthropic`: all its candidates). */
export type Target = string;

/** Bounds on a number; every bound given must hold. */
export interface RangeConfig {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

/** What a request can need of a model, read off the request and checked against the catalog. */
export type Capability = 'tools' | 'images' | 'json' | 'jsonSchema';

/** Conditions of a rule; all of them must hold. A rule without conditions always matches. */
export interface WhenConfig {
  /** Input tokens of the request (estimated, or counted with `tokenCounter`). */
  inputTokens?: RangeConfig;
  /** Task type: `metadata.task`, else the classifier's answer. Matches any listed. */
  task?: string | string[];
  /** Request tags: at least one of `any`, and every one of `all`. */
  tags?: { any?: string[]; all?: string[] };
  /** `metadata.tenant` is one of these. */
  tenant?: string | string[];
  /** The request needs every one of these capabilities. */
  needs?: Capability | Capability[];
  /** Every candidate of these targets is unhealthy (see `healthPolicy`). Needs `health`. */
  unhealthy?: Target | Target[];
  /** Every candidate of these targets has less than `below` (0 to 1) of its rate limit left. Needs `headroom`. */
  headroom?: { of: Target | Target[]; below: number };
  /** Share of the tenant's budget spent (1 = all of it). Needs `spend`. */
  budget?: { daily?: RangeConfig; monthly?: RangeConfig };
}

export type StrategyName = 'priority' | 'cheapest' | 'lowest-latency' | 'weighted' | 'least-busy';

/** How to order candidates a rule finds equally acceptable. */
export type StrategyConfig =
  | StrategyName
  | { type: 'priority' }
  | {
      type: 'cheapest';
      /** Output tokens to price, capped by the request's `maxOutputTokens`; default 1,000. */
      outputTokens?: number;
    }
  | { type: 'lowest-latency' }
  | {
      type: 'weighted';
      /** Weight per candidate (`provider/model`); unlisted candidates weigh 1. */
      weights?: Record<CandidateId, number>;
    }
  | { type: 'least-busy' };

/** The error kinds a rule may reject a request with. */
export type RejectKind = 'budget_exceeded' | 'permission' | 'invalid_request';

/** A rule: when its conditions hold, it routes (or rejects) the request. */
export interface RuleConfig {
  /** Unique; quoted in the route reason. */
  name: string;
  when?: WhenConfig;
  /**
   * Candidates to try first, in order. An inner array is a tier of equally acceptable
   * candidates, ordered by the strategy. The remaining candidates follow unless `exclusive`.
   */
  route?: Array<Target | Target[]>;
  /** Only the routed candidates: no fallback to the rest. */
  exclusive?: boolean;
  /** Orders each tier; defaults to the config's `strategy`. Alone, it orders every candidate. */
  strategy?: StrategyConfig;
  /** Rejects the request, before any call, with an `LlmuxError` of this kind. */
  reject?: RejectKind;
}

/** When a candidate counts as unhealthy; unhealthy candidates move to the end of the plan. */
export interface HealthPolicyConfig {
  /** The recent window health is read over; default 60,000 ms. */
  windowMs?: number;
  /** Error rate (0 to 1) at or above which a candidate is unhealthy; default 0.5. */
  maxErrorRate?: number;
  /** Calls in the window before the error rate counts; default 10 (as failover's breaker). */
  minSamples?: number;
  /** Mean latency above which a candidate is unhealthy; default none. */
  maxLatencyMs?: number;
  /**
   * An open circuit this old is left in place so failover can probe it (half-open);
   * default 30,000 ms. Keep it equal to failover's breaker delay.
   */
  probeAfterMs?: number;
}

export interface RouterConfig {
  /** Every model the router may choose, `provider/model`, in fixed-priority order. */
  candidates: CandidateId[];
  /**
   * Rules evaluated before `rules`, such as `budgetGuardRules`: what a platform puts in front of
   * its users' rules. Errors name them `guards[i]`, so `rules[i]` is always the user's own.
   */
  guards?: RuleConfig[];
  /** Evaluated in order; the first that matches decides. Without a match, all candidates by `strategy`. */
  rules?: RuleConfig[];
  /** Default ordering strategy; default `priority` (the order of `candidates`). */
  strategy?: StrategyConfig;
  healthPolicy?: HealthPolicyConfig;
  /** Headroom share (0 to 1) at or below which a candidate moves to the end of the plan; default 0. */
  minHeadroom?: number;
}
