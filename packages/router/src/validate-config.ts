import { LlmuxError, type ModelCatalog, type ModelInfo } from '@llmux/core';
import type { Capability, RangeConfig, RejectKind } from './rule-schema.js';
import {
  ConfigIssues,
  checkBoolean,
  checkNumber,
  checkObject,
  checkRange,
  checkStrings,
  isRecord,
} from './validate-fields.js';

export interface Candidate {
  /** `provider/model`. */
  id: string;
  provider: string;
  model: string;
  info: ModelInfo;
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

/** What the router was given besides the configuration, which rules and strategies rely on. */
export interface ConfigEnvironment {
  catalog: ModelCatalog;
  health: boolean;
  headroom: boolean;
  spend: boolean;
}

const capabilities: readonly Capability[] = ['tools', 'images', 'json', 'jsonSchema'];
const rejectKinds: readonly RejectKind[] = ['budget_exceeded', 'permission', 'invalid_request'];
const strategyNames = ['priority', 'cheapest', 'lowest-latency', 'weighted', 'least-busy'] as const;
const DEFAULT_OUTPUT_TOKENS = 1_000;

const sourceHint = {
  health: 'a health source (createRouter({ health }))',
  headroom: 'a headroom source (createRouter({ headroom }))',
  spend: 'a spend source (createRouter({ spend }))',
} as const;

class Compiler {
  readonly issues = new ConfigIssues();
  candidates: Candidate[] = [];

  constructor(private readonly env: ConfigEnvironment) {}

  needSource(source: keyof typeof sourceHint, path: string) {
    if (!this.env[source]) this.issues.add(path, `needs ${sourceHint[source]}`);
  }

  compileCandidates(value: unknown) {
    if (!Array.isArray(value) || value.length === 0) {
      this.issues.add('candidates', 'must be a non-empty list of "provider/model"');
      return;
    }
    value.forEach((item, i) => {
      const path = `candidates[${i}]`;
      const slash = typeof item === 'string' ? item.indexOf('/') : -1;
      if (typeof item !== 'string' || slash <= 0 || slash === item.length - 1) {
        this.issues.add(path, 'must be "provider/model", e.g. "anthropic/claude-sonnet-4-5"');
        return;
      }
      if (this.candidates.some((c) => c.id === item)) {
        this.issues.add(path, `"${item}" is listed twice`);
        return;
      }
      const provider = item.slice(0, slash);
      const model = item.slice(slash + 1);
      const info = this.env.catalog.get(provider, model);
      if (!info) {
        this.issues.add(
          path,
          `"${item}" is not in the model catalog; add it with createModelCatalog()`,
        );
        return;
      }
      this.candidates.push({ id: item, provider, model, info });
    });
  }

  /** The candidates a target names: one `provider/model`, or every candidate of a provider. */
  resolveTarget(target: string, path: string): Candidate[] {
    const found = target.includes('/')
      ? this.candidates.filter((c) => c.id === target)
      : this.candidates.filter((c) => c.provider === target);
    if (found.length === 0) {
      this.issues.add(path, `"${target}" is not a candidate nor the provider of one`);
    }
    return found;
  }

  resolveTargets(value: unknown, path: string): { targets: string[]; candidates: Candidate[] } {
    const targets = checkStrings(value, path, this.issues);
    const candidates = targets.flatMap((target, i) =>
      this.resolveTarget(target, typeof value === 'string' ? path : `${path}[${i}]`),
    );
    return { targets, candidates: [...new Set(candidates)] };
  }

  compileStrategy(value: unknown, path: string): Strategy {
    const spec = typeof value === 'string' ? { type: value } : value;
    if (!isRecord(spec) || !strategyNames.includes(spec.type as never)) {
      this.issues.add(path, `must be one of ${strategyNames.join(', ')} (or { type, ... })`);
      return { type: 'priority' };
    }
    switch (spec.type) {
      case 'cheapest': {
        checkObject(spec, path, ['type', 'outputTokens'], this.issues);
        const outputTokens =
          spec.outputTokens === undefined
            ? DEFAULT_OUTPUT_TOKENS
            : checkNumber(spec.outputTokens, `${path}.outputTokens`, 'positive', this.issues);
        return { type: 'cheapest', outputTokens: outputTokens ?? DEFAULT_OUTPUT_TOKENS };
      }
      case 'weighted': {
        checkObject(spec, path, ['type', 'weights'], this.issues);
        const weights = new Map<string, number>();
        if (isRecord(spec.weights)) {
          for (const [id, weight] of Object.entries(spec.weights)) {
            const at = `${path}.weights["${id}"]`;
            if (!this.candidates.some((c) => c.id === id))
              this.issues.add(at, 'is not a candidate');
            const checked = checkNumber(weight, at, 'positive', this.issues);
            if (checked !== undefined) weights.set(id, checked);
          }
        } else if (spec.weights !== undefined) {
          this.issues.add(`${path}.weights`, 'must be an object of "provider/model": weight');
        }
        return { type: 'weighted', weights };
      }
      case 'lowest-latency':
        checkObject(spec, path, ['type'], this.issues);
        this.needSource('health', path);
        return { type: 'lowest-latency' };
      case 'least-busy':
        checkObject(spec, path, ['type'], this.issues);
        this.needSource('headroom', path);
        return { type: 'least-busy' };
      default:
        checkObject(spec, path, ['type'], this.issues);
        return { type: 'priority' };
    }
  }

  compileWhen(value: unknown, path: string): Condition[] {
    const known = [
      'inputTokens',
      'task',
      'tags',
      'tenant',
      'needs',
      'unhealthy',
      'headroom',
      'budget',
    ];
    if (!checkObject(value, path, known, this.issues)) return [];
    const when = value;
    const conditions: Condition[] = [];
    if (
      when.tags !== undefined &&
      checkObject(when.tags, `${path}.tags`, ['any', 'all'], this.issues)
    ) {
      const { any, all } = when.tags;
      if (any === undefined && all === undefined)
        this.issues.add(`${path}.tags`, 'needs any or all');
      conditions.push({
        kind: 'tags',
        any: any === undefined ? [] : checkStrings(any, `${path}.tags.any`, this.issues),
        all: all === undefined ? [] : checkStrings(all, `${path}.tags.all`, this.issues),
      });
    }
    if (when.tenant !== undefined) {
      conditions.push({
        kind: 'tenant',
        tenants: checkStrings(when.tenant, `${path}.tenant`, this.issues),
      });
    }
    if (when.needs !== undefined) {
      const needs = checkStrings(when.needs, `${path}.needs`, this.issues);
      for (const need of needs) {
        if (!capabilities.includes(need as Capability)) {
          this.issues.add(`${path}.needs`, `"${need}" is not one of ${capabilities.join(', ')}`);
        }
      }
      conditions.push({ kind: 'needs', capabilities: needs as Capability[] });
    }
    if (when.inputTokens !== undefined) {
      const range = checkRange(when.inputTokens, `${path}.inputTokens`, 'positive', this.issues);
      conditions.push({ kind: 'inputTokens', range });
    }
    if (when.task !== undefined) {
      conditions.push({
        kind: 'task',
        tasks: checkStrings(when.task, `${path}.task`, this.issues),
      });
    }
    if (when.budget !== undefined) {
      this.needSource('spend', `${path}.budget`);
      if (checkObject(when.budget, `${path}.budget`, ['daily', 'monthly'], this.issues)) {
        for (const period of ['daily', 'monthly'] as const) {
          const range = when.budget[period];
          if (range === undefined) continue;
          conditions.push({
            kind: 'budget',
            period,
            range: checkRange(range, `${path}.budget.${period}`, 'non-negative', this.issues),
          });
        }
        if (when.budget.daily === undefined && when.budget.monthly === undefined) {
          this.issues.add(`${path}.budget`, 'needs daily or monthly');
        }
      }
    }
    if (when.headroom !== undefined) {
      this.needSource('headroom', `${path}.headroom`);
      if (checkObject(when.headroom, `${path}.headroom`, ['of', 'below'], this.issues)) {
        const below = checkNumber(
          when.headroom.below,
          `${path}.headroom.below`,
          'share',
          this.issues,
        );
        const resolved = this.resolveTargets(when.headroom.of, `${path}.headroom.of`);
        conditions.push({ kind: 'headroom', ...resolved, below: below ?? 0 });
      }
    }
    if (when.unhealthy !== undefined) {
      this.needSource('health', `${path}.unhealthy`);
      conditions.push({
        kind: 'unhealthy',
        ...this.resolveTargets(when.unhealthy, `${path}.unhealthy`),
      });
    }
    return conditions;
  }

  compileRoute(value: unknown, path: string): Candidate[][] {
    if (!Array.isArray(value) || value.length === 0) {
      this.issues.add(path, 'must be a non-empty list of targets or tiers of targets');
      return [];
    }
    const seen = new Set<Candidate>();
    const tiers: Candidate[][] = [];
    value.forEach((entry, i) => {
      const found = this.resolveTargets(entry, `${path}[${i}]`).candidates;
      // A candidate keeps its first place: `["anthropic/claude-haiku-4-5", "anthropic"]` is fine.
      const tier = found.filter((c) => !seen.has(c));
      for (const c of tier) seen.add(c);
      if (tier.length) tiers.push(tier);
    });
    return tiers;
  }

  compileRule(
    value: unknown,
    path: string,
    names: Map<string, number>,
    index: number,
  ): CompiledRule | undefined {
    const known = ['name', 'when', 'route', 'exclusive', 'strategy', 'reject'];
    if (!checkObject(value, path, known, this.issues)) return undefined;
    const name = value.name;
    if (typeof name !== 'string' || name === '') {
      this.issues.add(`${path}.name`, 'must be a non-empty string');
    } else if (names.has(name)) {
      this.issues.add(`${path}.name`, `"${name}" is already the name of rules[${names.get(name)}]`);
    } else {
      names.set(name, index);
    }
    const conditions = value.when === undefined ? [] : this.compileWhen(value.when, `${path}.when`);
    const rule: CompiledRule = { name: String(name), conditions, route: [], exclusive: false };
    if (value.reject !== undefined) {
      if (!rejectKinds.includes(value.reject as RejectKind)) {
        this.issues.add(`${path}.reject`, `must be one of ${rejectKinds.join(', ')}`);
      }
      if (
        value.route !== undefined ||
        value.strategy !== undefined ||
        value.exclusive !== undefined
      ) {
        this.issues.add(path, 'cannot both reject and route');
      }
      rule.reject = value.reject as RejectKind;
      return rule;
    }
    if (value.route === undefined && value.strategy === undefined) {
      this.issues.add(path, 'must set route, strategy or reject');
    }
    if (value.route !== undefined) rule.route = this.compileRoute(value.route, `${path}.route`);
    if (value.exclusive !== undefined) {
      rule.exclusive = checkBoolean(value.exclusive, `${path}.exclusive`, this.issues);
      if (rule.exclusive && value.route === undefined) {
        this.issues.add(`${path}.exclusive`, 'needs a route to keep to');
      }
    }
    if (value.strategy !== undefined) {
      rule.strategy = this.compileStrategy(value.strategy, `${path}.strategy`);
    }
    return rule;
  }

  compileHealthPolicy(value: unknown): HealthPolicy {
    const policy: HealthPolicy = {
      windowMs: 60_000,
      maxErrorRate: 0.5,
      minSamples: 5,
      probeAfterMs: 30_000,
    };
    const known = ['windowMs', 'maxErrorRate', 'minSamples', 'maxLatencyMs', 'probeAfterMs'];
    if (value === undefined || !checkObject(value, 'healthPolicy', known, this.issues))
      return policy;
    const field = (key: string, kind: 'positive' | 'share' | 'non-negative') =>
      value[key] === undefined
        ? undefined
        : checkNumber(value[key], `healthPolicy.${key}`, kind, this.issues);
    return {
      windowMs: field('windowMs', 'positive') ?? policy.windowMs,
      maxErrorRate: field('maxErrorRate', 'share') ?? policy.maxErrorRate,
      minSamples: field('minSamples', 'positive') ?? policy.minSamples,
      maxLatencyMs: field('maxLatencyMs', 'positive'),
      probeAfterMs: field('probeAfterMs', 'non-negative') ?? policy.probeAfterMs,
    };
  }
}

/**
 * Checks a router configuration and compiles it for the planner. Throws one `LlmuxError`
 * (kind `invalid_request`) listing every problem, each named by its field, e.g.
 * `rules[2].when.inputTokens.gt must be a positive number`.
 */
export function validateRouterConfig(config: unknown, env: ConfigEnvironment): CompiledConfig {
  const compiler = new Compiler(env);
  const { issues } = compiler;
  const known = ['candidates', 'rules', 'strategy', 'healthPolicy', 'minHeadroom'];
  const root = checkObject(config, 'config', known, issues) ? config : {};
  compiler.compileCandidates(root.candidates);

  const rules: CompiledRule[] = [];
  if (root.rules !== undefined && !Array.isArray(root.rules)) issues.add('rules', 'must be a list');
  if (Array.isArray(root.rules)) {
    const names = new Map<string, number>();
    root.rules.forEach((value, i) => {
      const rule = compiler.compileRule(value, `rules[${i}]`, names, i);
      if (rule) rules.push(rule);
    });
  }
  const strategy =
    root.strategy === undefined
      ? ({ type: 'priority' } as const)
      : compiler.compileStrategy(root.strategy, 'strategy');
  const healthPolicy = compiler.compileHealthPolicy(root.healthPolicy);
  const minHeadroom =
    root.minHeadroom === undefined
      ? 0
      : (checkNumber(root.minHeadroom, 'minHeadroom', 'share', issues) ?? 0);

  if (issues.list.length) {
    throw new LlmuxError({
      kind: 'invalid_request',
      message: `Invalid router config: ${issues.list.join('; ')}`,
      retryable: false,
    });
  }
  return { candidates: compiler.candidates, rules, strategy, healthPolicy, minHeadroom };
}
