import {
  deploymentLabel,
  describeHeadroom,
  headroomShare,
  unhealthyReason,
} from './candidate-state.js';
import type {
  Candidate,
  CompiledRule,
  Condition,
  Deployment,
  HealthPolicy,
} from './compiled-config.js';
import { formatCount, formatPercent, formatRange, formatUsd, inRange } from './format.js';
import { andThen, everyInOrder, type Maybe } from './maybe.js';
import type { RequestFacts } from './request-facts.js';

/** Says why a condition holds, or undefined when it does not. */
type Check<K extends Condition['kind']> = (
  condition: Extract<Condition, { kind: K }>,
  facts: RequestFacts,
  policy: HealthPolicy,
) => Maybe<string | undefined>;

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

  inputTokens({ range }, facts) {
    return andThen(facts.inputTokens(), ({ tokens, exact }) => {
      if (!inRange(tokens, range)) return undefined;
      return `input ${exact ? '' : '≈ '}${formatCount(tokens)} tokens ${formatRange(range, formatCount)}`;
    });
  },

  task({ tasks }, facts) {
    return andThen(facts.task(), ({ task, source }) => {
      if (task === undefined || !tasks.includes(task)) return undefined;
      return `task "${task}"${source === 'classifier' ? ' (classified)' : ''}`;
    });
  },

  budget({ period, range }, facts) {
    return andThen(facts.spend(), (spend) => {
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
    });
  },

  // A candidate with several deployments is short of headroom (or unhealthy) when all of them are.
  headroom({ targets, candidates, below }, facts) {
    const seen: string[] = [];
    const short = everyInOrder(deploymentsOf(candidates), ({ candidate, deployment, label }) =>
      andThen(facts.headroom(candidate, deployment), (headroom) => {
        if (!headroom) return false;
        const paused = headroom.pausedUntil !== undefined && headroom.pausedUntil > facts.now;
        if (!paused && headroomShare(headroom) >= below) return false;
        seen.push(`${label} ${paused ? 'rate limited' : describeHeadroom(headroom)}`);
        return true;
      }),
    );
    return andThen(short, (all) =>
      all
        ? `${targets.join(', ')} headroom < ${formatPercent(below)} (${seen.join('; ')})`
        : undefined,
    );
  },

  unhealthy({ targets, candidates }, facts, policy) {
    const seen: string[] = [];
    const down = everyInOrder(deploymentsOf(candidates), ({ candidate, deployment, label }) =>
      andThen(facts.health(candidate, deployment), (health) => {
        const reason = unhealthyReason(health, policy, facts.now);
        if (!reason) return false;
        seen.push(`${label} ${reason}`);
        return true;
      }),
    );
    return andThen(down, (all) =>
      all ? `${targets.join(', ')} unhealthy (${seen.join('; ')})` : undefined,
    );
  },
};

interface Named {
  candidate: Candidate;
  deployment: Deployment;
  label: string;
}

/** A condition's candidates' deployments, each with its label, made once per condition. */
const namedBy = new WeakMap<readonly Candidate[], readonly Named[]>();
function deploymentsOf(candidates: readonly Candidate[]): readonly Named[] {
  let named = namedBy.get(candidates);
  if (!named) {
    named = candidates.flatMap((candidate) =>
      candidate.deployments.map((deployment) => ({
        candidate,
        deployment,
        label: deploymentLabel(candidate, deployment),
      })),
    );
    namedBy.set(candidates, named);
  }
  return named;
}

/**
 * Whether every condition of a rule holds, checked in order and stopping at the first that
 * does not; when they all hold, what each found, for the route reason.
 */
export function matchRule(
  rule: CompiledRule,
  facts: RequestFacts,
  policy: HealthPolicy,
): Maybe<string[] | undefined> {
  const because: string[] = [];
  const held = everyInOrder(rule.conditions, (condition) => {
    const check = checks[condition.kind] as Check<Condition['kind']>;
    return andThen(check(condition, facts, policy), (found) => {
      if (found === undefined) return false;
      because.push(found);
      return true;
    });
  });
  return andThen(held, (all) => (all ? because : undefined));
}
