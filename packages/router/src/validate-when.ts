import type { Condition } from './compiled-config.js';
import type { ConfigContext } from './config-context.js';
import type { Capability } from './rule-schema.js';
import { checkNumber, checkObject, checkRange, checkStrings } from './validate-fields.js';

const capabilities: readonly Capability[] = ['tools', 'images', 'json', 'jsonSchema'];

/**
 * Checks a rule's conditions. They come out cheapest first, so a rule that fails early reads
 * no health, headroom or spend.
 */
export function compileWhen(ctx: ConfigContext, when: unknown, path: string): Condition[] {
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
  if (!checkObject(when, path, known, ctx.issues)) return [];
  const conditions: Condition[] = [];
  if (
    when.tags !== undefined &&
    checkObject(when.tags, `${path}.tags`, ['any', 'all'], ctx.issues)
  ) {
    const { any, all } = when.tags;
    if (any === undefined && all === undefined) ctx.issues.add(`${path}.tags`, 'needs any or all');
    conditions.push({
      kind: 'tags',
      any: any === undefined ? [] : checkStrings(any, `${path}.tags.any`, ctx.issues),
      all: all === undefined ? [] : checkStrings(all, `${path}.tags.all`, ctx.issues),
    });
  }
  if (when.tenant !== undefined) {
    conditions.push({
      kind: 'tenant',
      tenants: checkStrings(when.tenant, `${path}.tenant`, ctx.issues),
    });
  }
  if (when.needs !== undefined) {
    const needs = checkStrings(when.needs, `${path}.needs`, ctx.issues);
    for (const need of needs) {
      if (!capabilities.includes(need as Capability)) {
        ctx.issues.add(`${path}.needs`, `"${need}" is not one of ${capabilities.join(', ')}`);
      }
    }
    conditions.push({ kind: 'needs', capabilities: needs as Capability[] });
  }
  if (when.inputTokens !== undefined) {
    const range = checkRange(when.inputTokens, `${path}.inputTokens`, 'positive', ctx.issues);
    conditions.push({ kind: 'inputTokens', range });
  }
  if (when.task !== undefined) {
    conditions.push({
      kind: 'task',
      tasks: checkStrings(when.task, `${path}.task`, ctx.issues),
    });
  }
  if (when.budget !== undefined) {
    ctx.needSource('spend', `${path}.budget`);
    if (checkObject(when.budget, `${path}.budget`, ['daily', 'monthly'], ctx.issues)) {
      for (const period of ['daily', 'monthly'] as const) {
        const range = when.budget[period];
        if (range === undefined) continue;
        conditions.push({
          kind: 'budget',
          period,
          range: checkRange(range, `${path}.budget.${period}`, 'non-negative', ctx.issues),
        });
      }
      if (when.budget.daily === undefined && when.budget.monthly === undefined) {
        ctx.issues.add(`${path}.budget`, 'needs daily or monthly');
      }
    }
  }
  if (when.headroom !== undefined) {
    ctx.needSource('headroom', `${path}.headroom`);
    if (checkObject(when.headroom, `${path}.headroom`, ['of', 'below'], ctx.issues)) {
      const below = checkNumber(when.headroom.below, `${path}.headroom.below`, 'share', ctx.issues);
      const resolved = ctx.resolveTargets(when.headroom.of, `${path}.headroom.of`);
      conditions.push({ kind: 'headroom', ...resolved, below: below ?? 0 });
    }
  }
  if (when.unhealthy !== undefined) {
    ctx.needSource('health', `${path}.unhealthy`);
    conditions.push({
      kind: 'unhealthy',
      ...ctx.resolveTargets(when.unhealthy, `${path}.unhealthy`),
    });
  }
  return conditions;
}
