import { deploymentField, LlmuxError, type RouteCandidate, type RoutePlan } from '@llmux/core';
import type { Balanced, Balancer } from './balance-deployments.js';
import { busyReason, deploymentLabel, unhealthyReason } from './candidate-state.js';
import type { Candidate, CompiledConfig, CompiledRule, Deployment } from './compiled-config.js';
import { matchRule } from './conditions.js';
import { formatCount } from './format.js';
import { andThen, everyInOrder, isPromise, type Maybe } from './maybe.js';
import type { RequestFacts } from './request-facts.js';
import type { Capability } from './rule-schema.js';
import { orderCandidates } from './strategies.js';

const missing: Record<Capability, string> = {
  tools: 'no tool use',
  images: 'no image input',
  json: 'no JSON output',
  jsonSchema: 'no JSON schema output',
};

/** Why a candidate cannot serve the request at all, from the catalog, or undefined. */
function exclusionOf(candidate: Candidate, facts: RequestFacts): Maybe<string | undefined> {
  const { capabilities, contextWindow } = candidate.info;
  const lacking = facts.needs.find((need) => !capabilities[need]);
  if (lacking) return missing[lacking];
  return andThen(facts.inputTokens(), ({ tokens, exact }) => {
    const needed = tokens + (facts.request.maxOutputTokens ?? 0);
    if (needed <= contextWindow) return undefined;
    return `context window ${formatCount(contextWindow)} < ${exact ? '' : '≈ '}${formatCount(needed)} tokens`;
  });
}

/** Why a deployment should be tried only after the others, or undefined. */
function demotionOf(
  candidate: Candidate,
  deployment: Deployment,
  facts: RequestFacts,
  config: CompiledConfig,
): Maybe<string | undefined> {
  return andThen(
    facts.health(candidate, deployment),
    (health) =>
      unhealthyReason(health, config.healthPolicy, facts.now) ??
      andThen(facts.headroom(candidate, deployment), (headroom) =>
        busyReason(headroom, config.minHeadroom, facts.now),
      ),
  );
}

/** A plan as it is built: what to try, what to try last, and what was left out or moved. */
interface Placed {
  ready: RouteCandidate[];
  lastResort: RouteCandidate[];
  notes: string[];
}

/** What a deployment adds to a route candidate: its name, when it is not the default one. */
const namedBy = new WeakMap<Deployment, { deployment?: string }>();
function namedOf({ provider, model }: Candidate, deployment: Deployment) {
  let named = namedBy.get(deployment);
  if (!named) {
    named = deploymentField(provider, model, deployment.id);
    namedBy.set(deployment, named);
  }
  return named;
}

/**
 * Adds a candidate's deployments to the plan in balance order, side by side so a request tries
 * the other deployments of a model before another model; unhealthy or busy ones go last.
 */
function placeDeployments(
  candidate: Candidate,
  reason: string,
  facts: RequestFacts,
  config: CompiledConfig,
  balancer: Balancer,
  placed: Placed,
): Maybe<unknown> {
  const { provider, model } = candidate;
  const place = ({ deployment, note }: Balanced) =>
    andThen(demotionOf(candidate, deployment, facts, config), (demoted) => {
      const named = namedOf(candidate, deployment);
      if (demoted) {
        placed.notes.push(`${deploymentLabel(candidate, deployment)} skipped: ${demoted}`);
        placed.lastResort.push({
          provider,
          model,
          ...named,
          reason: `skipped: ${demoted} (last resort)`,
        });
      } else {
        placed.ready.push({
          provider,
          model,
          ...named,
          reason: note ? `${reason}; ${note}` : reason,
        });
      }
      return true;
    });
  return andThen(balancer.order(candidate, facts), (order) => everyInOrder(order, place));
}

/** The plan's candidates and the end of its reason: who goes first, then every note. */
function finish(placed: Placed, facts: RequestFacts) {
  const candidates = [...placed.ready, ...placed.lastResort];
  const tail = [...placed.notes, ...facts.notes].map((note) => `; ${note}`).join('');
  const first = candidates[0];
  const lead =
    first &&
    `${first.provider}/${first.model}${first.deployment === undefined ? '' : ` via ${first.deployment}`}`;
  return { candidates, tail, lead };
}

/** The first rule that matches, in order, and what its conditions found. */
function firstMatch(config: CompiledConfig, facts: RequestFacts) {
  let match: { rule: CompiledRule; because: string[] } | undefined;
  const found = everyInOrder(config.rules, (rule) =>
    andThen(matchRule(rule, facts, config.healthPolicy), (because) => {
      if (because) match = { rule, because };
      return !because;
    }),
  );
  return andThen(found, () => match);
}

interface Tier {
  /** The role the tier gives its candidates, in their reasons. */
  role: string;
  candidates: Candidate[];
}

/** A configuration's tiers by the rule that matched (none: undefined); they never change. */
const tiersCache = new WeakMap<CompiledConfig, Map<CompiledRule | undefined, readonly Tier[]>>();

/** Tiers of equally acceptable candidates, each with the role it gives its candidates. */
function tiersOf(rule: CompiledRule | undefined, config: CompiledConfig): readonly Tier[] {
  let byRule = tiersCache.get(config);
  if (!byRule) {
    byRule = new Map();
    tiersCache.set(config, byRule);
  }
  const cached = byRule.get(rule);
  if (cached) return cached;
  const tiers: Tier[] = rule
    ? rule.route.map((candidates, i) => ({
        role: i === 0 ? `chosen by rule "${rule.name}"` : `next choice of rule "${rule.name}"`,
        candidates,
      }))
    : [{ role: 'no rule matched', candidates: config.candidates }];
  if (rule) {
    const routed = new Set(rule.route.flat());
    const rest = config.candidates.filter((c) => !routed.has(c));
    if (!rule.exclusive && rest.length) {
      tiers.push({
        role: rule.route.length ? 'fallback' : `chosen by rule "${rule.name}"`,
        candidates: rest,
      });
    }
  }
  byRule.set(rule, tiers);
  return tiers;
}

/**
 * Turns a request into a plan: the first rule that matches (in order) picks the candidates to
 * try first, the rest follow as fallbacks, each tier ordered by the strategy. Candidates that
 * cannot serve the request are left out; unhealthy or rate-limited ones move to the end. Throws
 * an `LlmuxError` when a rule rejects the request or no candidate can serve it.
 */
export async function planRoute(
  config: CompiledConfig,
  facts: RequestFacts,
  balancer: Balancer,
): Promise<RoutePlan> {
  // Awaited only when a source had to fetch: a plan over stores in memory is made at once.
  const matching = firstMatch(config, facts);
  const match = isPromise(matching) ? await matching : matching;
  const head = match
    ? `rule "${match.rule.name}": ${match.because.join(', ') || 'always'}`
    : 'no rule matched';
  if (match?.rule.reject) {
    throw new LlmuxError({
      kind: match.rule.reject,
      message: `${head} → rejected`,
      retryable: false,
    });
  }

  const strategy = match?.rule.strategy ?? config.strategy;
  const placed: Placed = { ready: [], lastResort: [], notes: [] };
  for (const tier of tiersOf(match?.rule, config)) {
    const ordering = orderCandidates(strategy, tier.candidates, facts);
    for (const { candidate, note } of isPromise(ordering) ? await ordering : ordering) {
      const excluding = exclusionOf(candidate, facts);
      const excluded = isPromise(excluding) ? await excluding : excluding;
      if (excluded) {
        placed.notes.push(`${candidate.id} excluded: ${excluded}`);
        continue;
      }
      const how = note ? ` (${strategy.type}: ${note})` : '';
      const placing = placeDeployments(
        candidate,
        `${tier.role}${how}`,
        facts,
        config,
        balancer,
        placed,
      );
      if (isPromise(placing)) await placing;
    }
  }

  const { candidates, tail, lead } = finish(placed, facts);
  const { notes } = placed;
  if (!lead) {
    const tooLong = notes.length > 0 && notes.every((note) => note.includes('context window'));
    throw new LlmuxError({
      kind: tooLong ? 'context_length_exceeded' : 'invalid_request',
      message: `${head} → no candidate can serve this request${tail}`,
      retryable: false,
    });
  }
  return { reason: `${head} → ${lead}${tail}`, candidates };
}

/**
 * A plan made elsewhere (a model the caller pinned) with each candidate that has a group of
 * deployments, and names none, spread over them as `planRoute` would; other candidates stay as
 * they are.
 */
export async function expandPlan(
  config: CompiledConfig,
  facts: RequestFacts,
  balancer: Balancer,
  plan: RoutePlan,
): Promise<RoutePlan> {
  const groupOf = (given: RouteCandidate) =>
    given.deployment === undefined
      ? config.candidates.find(
          (c) =>
            c.provider === given.provider &&
            c.model === given.model &&
            (c.deployments.length > 1 || deploymentLabel(c, c.deployments[0]!) !== c.id),
        )
      : undefined;
  if (!plan.candidates.some(groupOf)) return plan;
  const placed: Placed = { ready: [], lastResort: [], notes: [] };
  for (const given of plan.candidates) {
    const group = groupOf(given);
    if (group) await placeDeployments(group, given.reason, facts, config, balancer, placed);
    else placed.ready.push(given);
  }
  const { candidates, tail, lead } = finish(placed, facts);
  return { reason: `${plan.reason} → ${lead}${tail}`, candidates };
}
