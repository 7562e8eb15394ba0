import { aggregate, cacheHitsOf, type GroupStats, NONE } from './aggregate.js';
import type { LoggedRecord } from './parse-record-line.js';
import { percentile } from './percentile.js';

/** How a chart's values read: the report's own number formats. */
export type ChartUnit = 'ms' | 'usd' | 'share' | 'count';

export interface ChartSeries {
  name: string;
  /** One per category; undefined where the series has no data. */
  values: Array<number | undefined>;
  /** An upper mark per category (p95 over a p50 bar), where the chart has one. */
  highs?: Array<number | undefined>;
}

export interface BarChart {
  id: string;
  title: string;
  /** What the bars measure, under the title. */
  caption: string;
  unit: ChartUnit;
  categories: string[];
  series: ChartSeries[];
}

const distinct = (values: Iterable<string>) => [...new Set(values)].sort();

/** p50 bars with a p95 mark, per task and provider, of requests answered by a call. */
function latencyChart(records: readonly LoggedRecord[]): BarChart {
  const latencies = new Map<string, number[]>();
  for (const r of records) {
    if (r.error_kind !== null || r.cache_hit || r.selected_provider === null) continue;
    const key = `${r.task ?? NONE}\0${r.selected_provider}`;
    latencies.set(key, [...(latencies.get(key) ?? []), r.latency_ms]);
  }
  const keys = [...latencies.keys()].map((key) => key.split('\0') as [string, string]);
  const tasks = distinct(keys.map(([task]) => task));
  const of = (provider: string, p: number) =>
    tasks.map((task) => percentile(latencies.get(`${task}\0${provider}`) ?? [], p));
  return {
    id: 'latency-by-provider-and-task',
    title: 'Latency by provider and task',
    caption: 'p50 (bar) and p95 (mark) of requests answered by a call; cache hits left out',
    unit: 'ms',
    categories: tasks,
    series: distinct(keys.map(([, provider]) => provider)).map((provider) => ({
      name: provider,
      values: of(provider, 50),
      highs: of(provider, 95),
    })),
  };
}

function costChart(byModel: readonly GroupStats[]): BarChart {
  const billed = byModel.filter((g) => g.provider !== NONE);
  return {
    id: 'cost-by-model',
    title: 'Cost by model',
    caption: 'what the calls each model answered cost',
    unit: 'usd',
    categories: billed.map((g) => `${g.provider}/${g.model}`),
    series: [{ name: 'cost', values: billed.map((g) => g.costUsd) }],
  };
}

function cacheChart(byTask: readonly GroupStats[]): BarChart {
  const tasks = distinct(byTask.map((g) => g.task ?? NONE));
  const rates = tasks.map((task) => {
    const { answered, hits } = cacheHitsOf(byTask.filter((g) => (g.task ?? NONE) === task));
    return answered === 0 ? undefined : hits / answered;
  });
  return {
    id: 'cache-hit-rate-by-task',
    title: 'Cache hit rate by task',
    caption: 'answered requests the response cache answered',
    unit: 'share',
    categories: tasks,
    series: [{ name: 'hit rate', values: rates }],
  };
}

/** Provider failures and llmux's own limiter refusals side by side: they call for different fixes. */
function failureChart(byModel: readonly GroupStats[]): BarChart {
  const sum = (pick: (g: GroupStats) => Record<string, number>, kind: string) =>
    byModel.reduce((total, g) => total + (pick(g)[kind] ?? 0), 0);
  const kinds = distinct(
    byModel.flatMap((g) => [...Object.keys(g.errorKinds), ...Object.keys(g.refusalKinds)]),
  );
  return {
    id: 'failures-by-kind',
    title: 'Failures by kind',
    caption:
      "failed provider calls, and tries refused by llmux's own limits (the tenant's rate limits and budgets) before any call",
    unit: 'count',
    categories: kinds,
    series: [
      { name: 'provider failures', values: kinds.map((kind) => sum((g) => g.errorKinds, kind)) },
      {
        name: "llmux's own limits",
        values: kinds.map((kind) => sum((g) => g.refusalKinds, kind)),
      },
    ],
  };
}

/** The HTML report's charts, over the same records and aggregates as the text report. */
export function reportCharts(
  records: readonly LoggedRecord[],
  byTask: readonly GroupStats[],
): BarChart[] {
  const byModel = aggregate(records, { byTask: false });
  return [latencyChart(records), costChart(byModel), cacheChart(byTask), failureChart(byModel)];
}
