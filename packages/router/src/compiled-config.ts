import type { ModelInfo } from '@llmux/core';
import type { BalanceName, Capability, RangeConfig, RejectKind } from './rule-schema.js';

/** The configuration as the planner runs it: checked, with targets resolved to candidates. */

/** One deployment of a candidate's model. */
export interface Deployment {
  /** Unique across the configuration; `provider:model` for a candidate's only, default one. */
  id: string;
  weight: number;
}

export interface Candidate {
  /** `provider/model`. */
  id: string;
  provider: string;
  model: string;
  info: ModelInfo;
  /** At least one: without a group, the default `provider:model`. */
  deployments: Deployment[];
  balance: BalanceName;
}

export type Condition =
  | { kind: 'inputTokens'; range: RangeConfig }
  | { kind: 'task'; tasks: string[] }
  | { kind: 'tags'; any: string[]; all: string[] }
  | { kind: 'tenant'; tenants: string[] }
  | { kind: 'needs'; capabilities: Capability[] }
  | { kind: 'unhealthy'; targets: string[]; candidates: Candidate[] }
  | { kind: 'headroom'; targets: string[]; candidates: Candidate[]; below: number }
  | { kind: 'budget'; period: 'daily' | 'monthly'; range: RangeConfig };

export type Strategy =
  | { type: 'priority' }
  | { type: 'cheapest'; outputTokens: number }
  | { type: 'lowest-latency' }
  | { type: 'weighted'; weights: ReadonlyMap<string, number> }
  | { type: 'least-busy' };

export interface CompiledRule {
  name: string;
  conditions: Condition[];
  /** Tiers of candidates to try first; empty when the rule only sets a strategy. */
  route: Candidate[][];
  exclusive: boolean;
  strategy?: Strategy;
  reject?: RejectKind;
}

export interface HealthPolicy {
  windowMs: number;
  maxErrorRate: number;
  minSamples: number;
  maxLatencyMs?: number;
  probeAfterMs: number;
}

export interface CompiledConfig {
  candidates: Candidate[];
  rules: CompiledRule[];
  strategy: Strategy;
  healthPolicy: HealthPolicy;
  minHeadroom: number;
}
