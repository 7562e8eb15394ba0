import { healthDefaults, LlmuxError } from '@llmux/core';
import type { Candidate, CompiledConfig, CompiledRule, HealthPolicy } from './compiled-config.js';
import { ConfigContext, type ConfigEnvironment } from './config-context.js';
import type { RejectKind } from './rule-schema.js';
import { checkBoolean, checkNumber, checkObject } from './validate-fields.js';
import { compileStrategy } from './validate-strategy.js';
import { compileWhen } from './validate-when.js';

const rejectKinds: readonly RejectKind[] = ['budget_exceeded', 'permission', 'invalid_request'];

function compileRoute(ctx: ConfigContext, value: unknown, path: string): Candidate[][] {
  if (!Array.isArray(value) || value.length === 0) {
    ctx.issues.add(path, 'must be a non-empty list of targets or tiers of targets');
    return [];
  }
  const seen = new Set<Candidate>();
  const tiers: Candidate[][] = [];
  value.forEach((entry, i) => {
    const found = ctx.resolveTargets(entry, `${path}[${i}]`).candidates;
    // A candidate keeps its first place: `["anthropic/claude-haiku-4-5", "anthropic"]` is fine.
    const tier = found.filter((c) => !seen.has(c));
    for (const c of tier) seen.add(c);
    if (tier.length) tiers.push(tier);
  });
  return tiers;
}

function compileRule(
  ctx: ConfigContext,
  value: unknown,
  path: string,
  names: Map<string, string>,
): CompiledRule | undefined {
  const known = ['name', 'when', 'route', 'exclusive', 'strategy', 'reject'];
  if (!checkObject(value, path, known, ctx.issues)) return undefined;
  const name = value.name;
  if (typeof name !== 'string' || name === '') {
    ctx.issues.add(`${path}.name`, 'must be a non-empty string');
  } else if (names.has(name)) {
    ctx.issues.add(`${path}.name`, `"${name}" is already the name of ${names.get(name)}`);
  } else {
    names.set(name, path);
  }
  const conditions = value.when === undefined ? [] : compileWhen(ctx, value.when, `${path}.when`);
  const rule: CompiledRule = { name: String(name), conditions, route: [], exclusive: false };
  if (value.reject !== undefined) {
    if (!rejectKinds.includes(value.reject as RejectKind)) {
      ctx.issues.add(`${path}.reject`, `must be one of ${rejectKinds.join(', ')}`);
    }
    if (
      value.route !== undefined ||
      value.strategy !== undefined ||
      value.exclusive !== undefined
    ) {
      ctx.issues.add(path, 'cannot both reject and route');
    }
    rule.reject = value.reject as RejectKind;
    return rule;
  }
  if (value.route === undefined && value.strategy === undefined) {
    ctx.issues.add(path, 'must set route, strategy or reject');
  }
  if (value.route !== undefined) rule.route = compileRoute(ctx, value.route, `${path}.route`);
  if (value.exclusive !== undefined) {
    rule.exclusive = checkBoolean(value.exclusive, `${path}.exclusive`, ctx.issues);
    if (rule.exclusive && value.route === undefined) {
      ctx.issues.add(`${path}.exclusive`, 'needs a route to keep to');
    }
  }
  if (value.strategy !== undefined) {
    rule.strategy = compileStrategy(ctx, value.strategy, `${path}.strategy`);
  }
  return rule;
}

function compileHealthPolicy(ctx: ConfigContext, value: unknown): HealthPolicy {
  // Failover's breaker thresholds, so both call a model unhealthy at the same point.
  const policy: HealthPolicy = {
    windowMs: healthDefaults.windowMs,
    maxErrorRate: healthDefaults.failureRate,
    minSamples: healthDefaults.minSamples,
    probeAfterMs: healthDefaults.openMs,
  };
  const known = ['windowMs', 'maxErrorRate', 'minSamples', 'maxLatencyMs', 'probeAfterMs'];
  if (value === undefined || !checkObject(value, 'healthPolicy', known, ctx.issues)) return policy;
  const field = (key: string, kind: 'positive' | 'share' | 'non-negative') =>
    value[key] === undefined
      ? undefined
      : checkNumber(value[key], `healthPolicy.${key}`, kind, ctx.issues);
  return {
    windowMs: field('windowMs', 'positive') ?? policy.windowMs,
    maxErrorRate: field('maxErrorRate', 'share') ?? policy.maxErrorRate,
    minSamples: field('minSamples', 'positive') ?? policy.minSamples,
    maxLatencyMs: field('maxLatencyMs', 'positive'),
    probeAfterMs: field('probeAfterMs', 'non-negative') ?? policy.probeAfterMs,
  };
}

/**
 * Checks a router configuration and compiles it for the planner. Throws one `LlmuxError`
 * (kind `invalid_request`) listing every problem, each named by its field, e.g.
 * `rules[2].when.inputTokens.gt must be a positive number`.
 */
export function validateRouterConfig(config: unknown, env: ConfigEnvironment): CompiledConfig {
  const ctx = new ConfigContext(env);
  const { issues } = ctx;
  const known = ['candidates', 'guards', 'rules', 'strategy', 'healthPolicy', 'minHeadroom'];
  const root = checkObject(config, 'config', known, issues) ? config : {};
  ctx.compileCandidates(root.candidates);

  // Guards come first; each list keeps its own indexes, so an error names the user's own rule.
  const rules: CompiledRule[] = [];
  const names = new Map<string, string>();
  for (const list of ['guards', 'rules'] as const) {
    const values = root[list];
    if (values !== undefined && !Array.isArray(values)) issues.add(list, 'must be a list');
    if (!Array.isArray(values)) continue;
    values.forEach((value, i) => {
      const rule = compileRule(ctx, value, `${list}[${i}]`, names);
      if (rule) rules.push(rule);
    });
  }
  const strategy =
    root.strategy === undefined
      ? ({ type: 'priority' } as const)
      : compileStrategy(ctx, root.strategy, 'strategy');
  const healthPolicy = compileHealthPolicy(ctx, root.healthPolicy);
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
  return { candidates: ctx.candidates, rules, strategy, healthPolicy, minHeadroom };
}
