import type { ModelCatalog } from '@llmux/core';
import { aggregate } from './aggregate.js';
import { type BarChart, reportCharts } from './chart-data.js';
import { groupColumns, refusalsColumn } from './group-columns.js';
import { escapeHtml } from './html-escape.js';
import type { RequestLog } from './read-request-log.js';
import { headingLines, summaryLines } from './render-report.js';
import { type Suggestion, type SuggestionOptions, suggestRoutes } from './suggestions.js';
import { renderBarChart } from './svg-bar-chart.js';
import type { Column } from './text-table.js';

export interface HtmlReportOptions {
  source: string;
  catalog: ModelCatalog;
  suggestions?: SuggestionOptions;
}

const style = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #1d2330; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin: 0 0 .25rem; }
pre { background: #f4f5f7; padding: .75rem 1rem; overflow-x: auto; }
.caption { color: #5a6270; margin: 0 0 .5rem; }
section.chart-card, article.suggestion { border: 1px solid #dde1e6; border-radius: 6px; padding: 1rem; margin: 1rem 0; }
svg.chart { width: 100%; height: auto; }
svg .grid { stroke: #e6e8eb; } svg text { font-size: 11px; fill: #3a4150; }
svg .high { stroke: #1d2330; stroke-width: 2; }
table { border-collapse: collapse; font-size: 12px; margin-top: .5rem; }
th, td { padding: .2rem .5rem; border-bottom: 1px solid #eceef1; text-align: left; white-space: nowrap; }
td.right, th.right { text-align: right; }
.table-scroll { overflow-x: auto; }
`;

function htmlTable<Row>(columns: Array<Column<Row>>, rows: readonly Row[]): string {
  const cell = (tag: 'th' | 'td', column: Column<Row>, text: string) =>
    `<${tag}${column.align === 'right' ? ' class="right"' : ''}>${escapeHtml(text)}</${tag}>`;
  const head = columns.map((c) => cell('th', c, c.header)).join('');
  const body = rows
    .map((row) => `<tr>${columns.map((c) => cell('td', c, c.value(row))).join('')}</tr>`)
    .join('');
  return `<div class="table-scroll"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

const columns = [...groupColumns, refusalsColumn];

function chartSection(chart: BarChart): string {
  const hasData = chart.series.some((s) => s.values.some((v) => v !== undefined));
  return `<section class="chart-card" id="${chart.id}"><h2>${escapeHtml(chart.title)}</h2><p class="caption">${escapeHtml(chart.caption)}</p>${
    hasData ? renderBarChart(chart) : '<p class="empty">Nothing to show in this log.</p>'
  }</section>`;
}

const suggestionArticle = (suggestion: Suggestion) =>
  `<article class="suggestion" data-kind="${suggestion.kind}"><p>${escapeHtml(suggestion.message)}</p>${htmlTable(columns, suggestion.evidence)}</article>`;

/** JSON inside a script element: `<` escaped so no value can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * The report as one self-contained HTML page: the text report's heading and totals, charts as
 * inline SVG (no script, no fetch), the suggestions beside the groups they draw on, the table,
 * and the charts' data as JSON for anyone who wants to take it further.
 */
export function renderHtmlReport(log: RequestLog, options: HtmlReportOptions): string {
  const { records } = log;
  const groups = aggregate(records, { byTask: true });
  const charts = reportCharts(records, groups);
  const suggestions = suggestRoutes(groups, options.suggestions);
  const pre = (lines: string[]) => `<pre>${escapeHtml(lines.join('\n'))}</pre>`;
  const body =
    records.length === 0
      ? pre(headingLines(log, options.source))
      : [
          pre([
            ...headingLines(log, options.source),
            '',
            ...summaryLines(records, options.catalog),
          ]),
          ...charts.map(chartSection),
          '<h2 id="suggestions">Suggestions</h2>',
          suggestions.length === 0
            ? '<p>None: no model, task or cache stands out in this log.</p>'
            : suggestions.map(suggestionArticle).join(''),
          '<h2 id="groups">By provider, model and task</h2>',
          htmlTable(columns, groups),
        ].join('\n');
  const data = { source: options.source, charts, suggestions, groups };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>llmux report: ${escapeHtml(options.source)}</title>
<style>${style}</style>
</head>
<body>
<h1>llmux report</h1>
${body}
<script type="application/json" id="llmux-report-data">${scriptJson(data)}</script>
</body>
</html>
`;
}
