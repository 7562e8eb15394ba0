import type { ModelCatalog } from '@llmux/core';
import { aggregate, type GroupStats, totalsOf } from '../report/aggregate.js';
import { baselineCost, sonnetBaseline } from '../report/baseline-cost.js';
import { formatCount, formatMs, formatPercent, formatUsd } from '../report/format.js';
import { leverSavings } from '../report/lever-savings.js';
import { type Column, renderTable } from '../report/text-table.js';
import { requestIdOf, type ScenarioRun } from './run-scenario.js';

export interface SummaryContext {
  catalog: ModelCatalog;
  seed: number;
  /** How many times faster than real time the scenario ran (1 when live). */
  speed: number;
  /** Real time the run took. */
  realMs: number;
  logPath: string;
}

type Row = Pick<
  GroupStats,
  | 'provider'
  | 'model'
  | 'requests'
  | 'failed'
  | 'inputTokens'
  | 'outputTokens'
  | 'costUsd'
  | 'p50Ms'
  | 'p95Ms'
  | 'failovers'
  | 'cacheHits'
> & { label?: string };

const right = (header: string, value: (row: Row) => string): Column<Row> => ({
  header,
  value,
  align: 'right',
});

const columns: Array<Column<Row>> = [
  { header: 'provider', value: (r) => r.label ?? r.provider },
  { header: 'model', value: (r) => (r.label ? '' : r.model) },
  right('requests', (r) => formatCount(r.requests)),
  right('failed', (r) => formatCount(r.failed)),
  right('input tokens', (r) => formatCount(r.inputTokens)),
  right('output tokens', (r) => formatCount(r.outputTokens)),
  right('cost', (r) => formatUsd(r.costUsd)),
  right('p50', (r) => formatMs(r.p50Ms)),
  right('p95', (r) => formatMs(r.p95Ms)),
  right('failovers in', (r) => formatCount(r.failovers)),
  right('cache hits', (r) => formatCount(r.cacheHits)),
];

const formatDuration = (ms: number) => {
  const seconds = Math.round(ms / 1_000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
};

/** Latency of the requests someone waited on; those that went to a batch waited by design. */
function latencyLine(records: ScenarioRun['tally']['records']): string {
  const batched = records.filter((r) => r.batch_saved_usd > 0);
  const live = totalsOf(records.filter((r) => !(r.batch_saved_usd > 0)));
  const line = `latency     p50 ${formatMs(live.p50Ms)}, p95 ${formatMs(live.p95Ms)}`;
  if (batched.length === 0) return line;
  const slowest = Math.max(...batched.map((r) => r.latency_ms));
  return `${line}; ${formatCount(batched.length)} requests answered by a batch, within ${formatMs(slowest)}`;
}

/** The table the scenario ends with: every number in it comes from the run's request records. */
export function renderSummary(run: ScenarioRun, context: SummaryContext): string {
  const { records } = run.tally;
  const { outage, burst } = run.workload.timeline;
  const groups = aggregate(records, { byTask: false });
  const totals = totalsOf(records);
  const totalRow: Row = {
    label: 'total',
    provider: '',
    model: '',
    requests: totals.requests,
    failed: totals.failed,
    inputTokens: totals.inputTokens,
    outputTokens: totals.outputTokens,
    costUsd: totals.costUsd,
    p50Ms: totals.p50Ms,
    p95Ms: totals.p95Ms,
    failovers: groups.reduce((sum, g) => sum + g.failovers, 0),
    cacheHits: totals.cacheHits,
  };
  const baseline = baselineCost(records, context.catalog);
  const opened = [...run.tally.circuitsOpened].map(([key, n]) => `${key} ×${n}`).join(', ');
  const { refused, retryWaits, movedOn } = run.tally.rateLimit;
  const limited = run.tally.rateLimitedRequests;
  const limitedInBurst = run.workload.items.filter(
    (item) => item.burst && limited.has(requestIdOf(item)),
  ).length;
  const lines = [
    `llmux incident-response scenario: ${formatCount(totals.requests)} requests (seed ${context.seed})`,
    run.outageStaged
      ? `Claude down while requests ${outage.from + 1}-${outage.to} were sent; a burst of ${burst.to - burst.from} at request ${burst.from + 1}`
      : `a burst of ${burst.to - burst.from} at request ${burst.from + 1} (Claude is live: no outage staged)`,
    context.speed === 1
      ? `run took ${formatDuration(context.realMs)}`
      : `${formatDuration(run.scenarioMs)} of scenario time in ${formatDuration(context.realMs)} (${context.speed}x speed); latencies are in scenario time`,
    '',
    renderTable(columns, [...groups, totalRow]),
    '(p50 and p95 per model leave cache hits out; the total counts every request)',
    '',
    `failovers   ${formatCount(totals.failedOver)} requests moved to another model (${formatCount(totals.failoverMoves)} moves, ${formatCount(run.tally.retries)} retries)${opened ? `; circuits opened: ${opened}` : ''}`,
    `rate limit  ${run.burstLimit.requests} calls per ${formatMs(run.burstLimit.windowMs)} per model: ${formatCount(refused)} calls refused; failover waited ${formatCount(retryWaits.length)} out (longest ${formatMs(Math.max(0, ...retryWaits))}) and moved ${formatCount(movedOn)} on to another model; ${formatCount(limited.size)} requests affected, ${formatCount(limitedInBurst)} of them in the burst`,
    `cache       ${formatCount(totals.cacheHits)} hits (${formatPercent(totals.cacheHits / Math.max(1, totals.requests))}), ${formatUsd(totals.savedUsd)} saved`,
    latencyLine(records),
    `cost        ${formatUsd(totals.costUsd)} with llmux; the same requests all on ${sonnetBaseline.model} at published prices, without the levers below: ${formatUsd(baseline)} (${formatPercent(baseline === 0 ? 0 : 1 - totals.costUsd / baseline)} less)`,
    ...leverSavings(records, baseline).map(
      ({ lever, savedUsd }) =>
        `  ${`${lever}:`.padEnd(16)}${formatUsd(savedUsd).padStart(8)} saved (${formatPercent(baseline === 0 ? 0 : savedUsd / baseline)} of the baseline)`,
    ),
    `request log ${context.logPath}`,
    `            read it with: ./dev --filter @llmux/demo report ${context.logPath}`,
  ];
  return lines.join('\n');
}
