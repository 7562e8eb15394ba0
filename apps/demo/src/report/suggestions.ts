import { cacheHitsOf, type GroupStats, NONE } from './aggregate.js';
import { formatMs, formatPercent, formatUsd } from './format.js';

export type SuggestionKind =
  | 'unreliable-model'
  | 'limited-model'
  | 'slower-provider'
  | 'cheaper-model'
  | 'longer-ttl';

export interface Suggestion {
  kind: SuggestionKind;
  task?: string;
  message: string;
  /** The groups whose numbers the suggestion draws on, to show beside it. */
  evidence: GroupStats[];
}

export interface SuggestionOptions {
  /** Fewest requests (or calls) a group needs before it is compared; default 5. */
  minSamples?: number;
  /** A provider is slower when its p50 is at least this many times another's; default 1.5. */
  slowerRatio?: number;
  /** A model is cheaper when it costs at most this share of another per token; default 0.7. */
  cheaperShare?: number;
  /** How much higher an error rate still counts as the same; default 0.02. */
  errorRateTolerance?: number;
  /** Cache hit rate of a task from which a longer TTL is worth trying; default 0.2. */
  cacheHitRate?: number;
  /** Error rate (or limiter refusal rate) of a model worth a word; default 0.2. */
  unreliableRate?: number;
}

const nameOf = (g: GroupStats) => `${g.provider}/${g.model}`;
const answeredByCall = (g: GroupStats) => g.requests - g.failed - g.cacheHits;
/** USD per million tokens, as this model actually billed them. */
const ratePerMillion = (g: GroupStats) => (g.costUsd / g.billedTokens) * 1_000_000;

function byTask(groups: readonly GroupStats[]): Map<string, GroupStats[]> {
  const tasks = new Map<string, GroupStats[]>();
  for (const group of groups) {
    const task = group.task ?? '-';
    tasks.set(task, [...(tasks.get(task) ?? []), group]);
  }
  return tasks;
}

interface ModelTally {
  calls: number;
  errors: number;
  kinds: Record<string, number>;
  refusals: number;
  refusalKinds: Record<string, number>;
  groups: GroupStats[];
}

const addCounts = (into: Record<string, number>, from: Record<string, number>) => {
  for (const [kind, n] of Object.entries(from)) into[kind] = (into[kind] ?? 0) + n;
};

const listKinds = (kinds: Record<string, number>) =>
  Object.entries(kinds)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');

/** Per provider and model, over all tasks (requests refused before any model left out). */
function byModel(groups: readonly GroupStats[]): Map<string, ModelTally> {
  const models = new Map<string, ModelTally>();
  for (const g of groups) {
    if (g.provider === NONE) continue;
    const model = models.get(nameOf(g)) ?? {
      calls: 0,
      errors: 0,
      kinds: {},
      refusals: 0,
      refusalKinds: {},
      groups: [],
    };
    model.calls += g.calls;
    model.errors += g.callErrors;
    addCounts(model.kinds, g.errorKinds);
    model.refusals += g.refusals;
    addCounts(model.refusalKinds, g.refusalKinds);
    model.groups.push(g);
    models.set(nameOf(g), model);
  }
  return models;
}

/** Provider failures only: llmux's own refusals are not calls, and the breaker ignores them. */
function unreliableModels(models: Map<string, ModelTally>, minSamples: number, rate: number) {
  const found: Suggestion[] = [];
  for (const [name, m] of models) {
    if (m.calls < minSamples || m.errors / m.calls < rate) continue;
    found.push({
      kind: 'unreliable-model',
      message: `${name} failed ${formatPercent(m.errors / m.calls)} of its ${m.calls} calls (${listKinds(m.kinds)}): open its circuit sooner or move it down the candidate lists.`,
      evidence: m.groups,
    });
  }
  return found;
}

/** A model often refused by the tenant's own limits: a matter of limits, not of the provider. */
function limitedModels(models: Map<string, ModelTally>, minSamples: number, rate: number) {
  const found: Suggestion[] = [];
  for (const [name, m] of models) {
    const tries = m.calls + m.refusals;
    if (m.refusals < minSamples || m.refusals / tries < rate) continue;
    found.push({
      kind: 'limited-model',
      message: `llmux's own limits refused ${formatPercent(m.refusals / tries)} of the ${tries} tries at ${name} (${listKinds(m.refusalKinds)}) before any call: the provider did not fail them, so its circuit is not at fault. If the tenant's rate limits or budgets are lower than intended, raise them; otherwise spread this traffic over more models.`,
      evidence: m.groups,
    });
  }
  return found;
}

function slowerProvider(task: string, groups: GroupStats[], minSamples: number, ratio: number) {
  const timed = groups
    .filter((g) => g.provider !== '-' && answeredByCall(g) >= minSamples && g.p50Ms !== undefined)
    .sort((a, b) => a.p50Ms! - b.p50Ms!);
  const fast = timed[0];
  const slow = timed[timed.length - 1];
  if (!fast || !slow || fast.provider === slow.provider) return [];
  if (slow.p50Ms! < ratio * fast.p50Ms! || slow.p95Ms! < fast.p95Ms!) return [];
  return [
    {
      kind: 'slower-provider' as const,
      task,
      message: `On ${task} tasks ${slow.provider} is slower: ${nameOf(slow)} p50 ${formatMs(slow.p50Ms)} / p95 ${formatMs(slow.p95Ms)} over ${answeredByCall(slow)} requests, against ${formatMs(fast.p50Ms)} / ${formatMs(fast.p95Ms)} for ${nameOf(fast)} over ${answeredByCall(fast)}. Route latency-sensitive ${task} requests to ${fast.provider} first.`,
      evidence: [fast, slow],
    },
  ];
}

/** The model that answered most of a task: where its requests go today. */
function cheaperModel(
  task: string,
  groups: GroupStats[],
  options: { minSamples: number; share: number; tolerance: number },
) {
  const priced = groups.filter(
    (g) => answeredByCall(g) >= options.minSamples && g.billedTokens > 0,
  );
  const primary = [...priced].sort((a, b) => answeredByCall(b) - answeredByCall(a))[0];
  if (!primary) return [];
  const cheap = priced
    .filter(
      (g) =>
        g !== primary &&
        ratePerMillion(g) <= options.share * ratePerMillion(primary) &&
        g.errorRate <= primary.errorRate + options.tolerance,
    )
    .sort((a, b) => ratePerMillion(a) - ratePerMillion(b))[0];
  if (!cheap) return [];
  return [
    {
      kind: 'cheaper-model' as const,
      task,
      message: `Most ${task} requests went to ${nameOf(primary)} (${answeredByCall(primary)} answered, ${formatUsd(ratePerMillion(primary))} per million tokens, ${formatPercent(primary.errorRate)} of calls failed); ${nameOf(cheap)} answered ${answeredByCall(cheap)} at ${formatUsd(ratePerMillion(cheap))} with ${formatPercent(cheap.errorRate)} failed. Sending ${task} to ${cheap.model} first would cost ${formatPercent(1 - ratePerMillion(cheap) / ratePerMillion(primary))} less per token.`,
      evidence: [primary, cheap],
    },
  ];
}

function longerTtl(task: string, groups: GroupStats[], minSamples: number, rate: number) {
  const { answered, hits } = cacheHitsOf(groups);
  if (answered < minSamples || hits / answered < rate) return [];
  return [
    {
      kind: 'longer-ttl' as const,
      task,
      message: `${formatPercent(hits / answered)} of ${task} requests (${hits} of ${answered}) were answered from the cache: these questions repeat, so a longer cache TTL for ${task} would likely save more.`,
      evidence: groups,
    },
  ];
}

/** Routing suggestions drawn from per-task aggregates (`aggregate(records, { byTask: true })`). */
export function suggestRoutes(
  groups: readonly GroupStats[],
  options: SuggestionOptions = {},
): Suggestion[] {
  const {
    minSamples = 5,
    slowerRatio = 1.5,
    cheaperShare = 0.7,
    errorRateTolerance = 0.02,
    cacheHitRate = 0.2,
    unreliableRate = 0.2,
  } = options;
  const models = byModel(groups);
  const suggestions = [
    ...unreliableModels(models, minSamples, unreliableRate),
    ...limitedModels(models, minSamples, unreliableRate),
  ];
  for (const [task, taskGroups] of byTask(groups)) {
    suggestions.push(
      ...slowerProvider(task, taskGroups, minSamples, slowerRatio),
      ...cheaperModel(task, taskGroups, {
        minSamples,
        share: cheaperShare,
        tolerance: errorRateTolerance,
      }),
      ...longerTtl(task, taskGroups, minSamples, cacheHitRate),
    );
  }
  return suggestions;
}
