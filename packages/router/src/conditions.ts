import {
  deploymentLabel,
  describeHeadroom,
  headroomShare,
  unhealthyReason,
} from './candidate-state.js';
import type { CompiledRule, Condition, HealthPolicy } from './compiled-config.js';
import { formatCount, formatPercent, formatRange, formatUsd, inRange } from './format.js';
import type { RequestFacts } from './request-facts.js';

/** Says why a condition holds, or undefined when it does not. */
type Check<K extends Condition['kind']> = (
  condition: Extract<Condition, { kind: K }>,
  facts: RequestFacts,
  policy: HealthPolicy,
) => string | undefined | Promise<string | undefined>;

const quote = (values: readonly string[]) => values.map((v) => `"${v}"`).join(', ');

const checks: { [K in Condition['kind']]: Check<K> } = {
  tags({ any, all }, { request }) {
    const tags = request.metadata?.tags ?? [];
    const hit = any.filter((tag) => tags.includes(tag));
    if (any.length && !hit.length) return undefined;
    if (!all.every((tag) => tags.includes(tag))) return undefined;
    const shown = [...new Set([...hit, ...all])];
    return `${shown.length > 1 ? 'tags' : 'tag'} ${quote(shown)}`;
  },

  tenant({ tenants }, { request }) {
    const tenant = request.metadata?.tenant;
    return tenant !== undefined && tenants.includes(tenant) ? `tenant "${tenant}"` : undefined;
  },

  needs({ capabilities }, { needs }) {
    return capabilities.every((c) => needs.includes(c))
      ? `needs ${capabilities.join(', ')}`
      : undefined;
  },

  async inputTokens({ range }, facts) {
    const { tokens, exact } = await facts.inputTokens();
    if (!inRange(tokens, range)) return undefined;
    return `input ${exact ? '' : '≈ '}${formatCount(tokens)} tokens ${formatRange(range, formatCount)}`;
  },

  async task({ tasks }, facts) {
    const { task, source } = await facts.task();
    if (task === undefined || !tasks.includes(task)) return undefined;
    return `task "${task}"${source === 'classifier' ? ' (classified)' : ''}`;
  },

  async budget({ period, range }, facts) {
    const spend = await facts.spend();
    if (!spend) return undefined;
    const [spent, budget] =
      period === 'daily'
        ? [spend.dayUsd, spend.dailyBudgetUsd]
        : [spend.monthUsd, spend.monthlyBudgetUsd];
    // Without a budget there is nothing to have spent a share of.
    if (budget === undefined || budget <= 0) return undefined;
    const share = spent / budget;
    if (!inRange(share, range)) return undefined;
    return `${period} spend ${formatUsd(spent)} of ${formatUsd(budget)} (${formatPercent(share)}) ${formatRange(range, formatPercent)}`;
  },

  // A candidate with several deployments is short of headroom (or unhealthy) when all of them are.
  async headroom({ targets, candidates, below }, facts) {
    const seen: string[] = [];
    for (const candidate of candidates) {
      for (const deployment of candidate.deployments) {
        const headroom = await facts.headroom(candidate, deployment);
        if (!headroom) return undefined;
        const paused = headroom.pausedUntil !== undefined && headroom.pausedUntil > facts.now;
        if (!paused && headroomShare(headroom) >= below) return undefined;
        const state = paused ? 'rate limited' : describeHeadroom(headroom);
        seen.push(`${deploymentLabel(candidate, deployment)} ${state}`);
      }
    }
    return `${targets.join(', ')} headroom < ${formatPercent(below)} (${seen.join('; ')})`;
  },

  async unhealthy({ targets, candidates }, facts, policy) {
    const seen: string[] = [];
    for (const candidate of candidates) {
      for (const deployment of candidate.deployments) {
        const health = await facts.health(candidate, deployment);
        const reason = unhealthyReason(health, policy, facts.now);
        if (!reason) return undefined;
        seen.push(`${deploymentLabel(candidate, deployment)} ${reason}`);
      }
    }
    return `${targets.join(', ')} unhealthy (${seen.join('; ')})`;
  },
};

/**
 * Whether every condition of a rule holds, checked in order and stopping at the first that
 * does not; when they all hold, what each found, for the route reason.
 */
export async function matchRule(
  rule: CompiledRule,
  facts: RequestFacts,
  policy: HealthPolicy,
): Promise<string[] | undefined> {
  const because: string[] = [];
  for (const condition of rule.conditions) {
    const check = checks[condition.kind] as Check<Condition['kind']>;
    const found = await check(condition, facts, policy);
    if (found === undefined) return undefined;
    because.push(found);
  }
  return because;
}
