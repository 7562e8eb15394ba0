import type { ModelCatalog } from '@llmux/core';
import { aggregate, type Totals, totalsOf } from './aggregate.js';
import { baselineCost, sonnetBaseline } from './baseline-cost.js';
import { formatCount, formatMs, formatUsd } from './format.js';
import { groupColumns } from './group-columns.js';
import { leverSavings } from './lever-savings.js';
import type { LoggedRecord } from './parse-record-line.js';
import type { RequestLog } from './read-request-log.js';
import { type SuggestionOptions, suggestRoutes } from './suggestions.js';
import { renderTable } from './text-table.js';

// llmux's own limits are not the providers' failures: said apart, and only when there are any.
const refusedNote = (totals: Totals) =>
  totals.refused === 0
    ? ''
    : `, ${formatCount(totals.refused)} of them refused by llmux's own limits`;
const refusalsNote = (totals: Totals) =>
  totals.refusals === 0
    ? ''
    : `; ${formatCount(totals.refusals)} tries refused by llmux's own limits before any call`;

/** What was read: the source, its requests, other entries and bad lines. */
export function headingLines(log: RequestLog, source: string): string[] {
  const other = log.otherLines > 0 ? ` (and ${formatCount(log.otherLines)} other log entries)` : '';
  const lines = [`Request log ${source}: ${formatCount(log.records.length)} requests${other}`];
  if (log.badLines > 0) {
    const examples = log.badExamples.map((b) => `line ${b.line}: ${b.problem}`).join('; ');
    lines.push(`${formatCount(log.badLines)} bad lines skipped (${examples})`);
  }
  return lines;
}

/** The totals under the table: requests, latency, failovers, cache, cost and what saved it. */
export function summaryLines(records: readonly LoggedRecord[], catalog: ModelCatalog): string[] {
  const totals = totalsOf(records);
  const baseline = baselineCost(records, catalog);
  return [
    `requests   ${formatCount(totals.requests)} (${formatCount(totals.failed)} failed${refusedNote(totals)}), ${formatCount(totals.calls)} provider calls (${formatCount(totals.callErrors)} failed)${refusalsNote(totals)}`,
    `latency    p50 ${formatMs(totals.p50Ms)}, p95 ${formatMs(totals.p95Ms)} (every request, cache hits included)`,
    `failovers  ${formatCount(totals.failedOver)} requests moved to another model (${formatCount(totals.failoverMoves)} moves)`,
    `cache      ${formatCount(totals.cacheHits)} hits, ${formatUsd(totals.savedUsd)} saved; prompt caching saved ${formatUsd(totals.promptCacheSavedUsd)} on ${formatCount(totals.cacheReadTokens)} cached input tokens`,
    `cost       ${formatUsd(totals.costUsd)}; all on ${sonnetBaseline.model}: ${formatUsd(baseline)}`,
    `saved by   ${leverSavings(records, baseline)
      .map(({ lever, savedUsd }) => `${lever} ${formatUsd(savedUsd)}`)
      .join(', ')}`,
  ];
}

export interface ReportOptions {
  /** Where the log came from, for the heading. */
  source: string;
  catalog: ModelCatalog;
  suggestions?: SuggestionOptions;
}

/** The `report` command's output: per provider, model and task, totals, bad lines, suggestions. */
export function renderReport(log: RequestLog, options: ReportOptions): string {
  const { records } = log;
  const lines = headingLines(log, options.source);
  if (records.length === 0) return lines.join('\n');

  const groups = aggregate(records, { byTask: true });
  lines.push('', renderTable(groupColumns, groups), '', ...summaryLines(records, options.catalog));
  const suggestions = suggestRoutes(groups, options.suggestions);
  lines.push('', 'Suggestions');
  if (suggestions.length === 0)
    lines.push('  none: no model, task or cache stands out in this log');
  for (const suggestion of suggestions) lines.push(`  - ${suggestion.message}`);
  return lines.join('\n');
}
