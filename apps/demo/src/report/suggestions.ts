import type { GroupStats } from './aggregate.js';
import { formatMs, formatPercent, formatUsd } from './format.js';

export type SuggestionKind =
  | 'unreliable-model'
  | 'slower-provider'
  | 'cheaper-model'
  | 'longer-ttl';

export interface Suggestion {
  kind: SuggestionKind;
  task?: string;
  message: string;
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
  /** Error rate of a model that calls for routing around it; default 0.2. */
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

function unreliableModels(groups: readonly GroupStats[], minSamples: number, rate: number) {
  const models = new Map<
    string,
    { calls: number; errors: number; kinds: Record<string, number> }
  >();
  for (const g of groups) {
    const model = models.get(nameOf(g)) ?? { calls: 0, errors: 0, kinds: {} };
    model.calls += g.calls;
    model.errors += g.callErrors;
    for (const [kind, n] of Object.entries(g.errorKinds))
      model.kinds[kind] = (model.kinds[kind] ?? 0) + n;
    models.set(nameOf(g), model);
  }
  const found: Suggestion[] = [];
  for (const [name, m] of models) {
    if (m.calls < minSamples || m.errors / m.calls < rate) continue;
    const kinds = Object.entries(m.kinds)
      .sort((a, b) => b[1] - a[1])
      .map(([kind, n]) => `${kind} ${n}`)
      .join(', ');
    found.push({
      kind: 'unreliable-model',
      message: `${name} failed ${formatPercent(m.errors / m.calls)} of its ${m.calls} calls (${kinds}): open its circuit sooner or move it down the candidate lists.`,
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
    },
  ];
}

function longerTtl(task: string, groups: GroupStats[], minSamples: number, rate: number) {
  const answered = groups.reduce((sum, g) => sum + g.requests - g.failed, 0);
  const hits = groups.reduce((sum, g) => sum + g.cacheHits, 0);
  if (answered < minSamples || hits / answered < rate) return [];
  return [
    {
      kind: 'longer-ttl' as const,
      task,
      message: `${formatPercent(hits / answered)} of ${task} requests (${hits} of ${answered}) were answered from the cache: these questions repeat, so a longer cache TTL for ${task} would likely save more.`,
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
  const suggestions = unreliableModels(groups, minSamples, unreliableRate);
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
