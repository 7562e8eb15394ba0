import type { BarChart, ChartUnit } from './chart-data.js';
import { formatCount, formatMs, formatPercent, formatUsd } from './format.js';
import { escapeHtml } from './html-escape.js';

export const formatValue: Record<ChartUnit, (value: number) => string> = {
  ms: formatMs,
  usd: formatUsd,
  share: formatPercent,
  count: formatCount,
};

/** Series colours, told apart by people with the common colour vision deficiencies. */
const palette = ['#4269d0', '#efb118', '#ff725c', '#6cc5b0', '#3ca951', '#ff8ab7', '#a463f2'];

const width = 760;
const height = 300;
const margin = { top: 16, right: 16, bottom: 64, left: 76 };
const plotWidth = width - margin.left - margin.right;
const plotHeight = height - margin.top - margin.bottom;
const TICKS = 4;
/** About how wide a character of an 11px label is. */
const LABEL_CHAR_WIDTH = 6.5;

/** The smallest 1, 2 or 5 times a power of ten at or above `value`, so ticks read round. */
function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((step) => step * power).find((nice) => nice >= value)!;
}

const round = (n: number) => Number(n.toFixed(1));

/**
 * A grouped bar chart as inline SVG: a group of bars per category, one per series, an optional
 * mark above each bar (p95 over p50), a value axis and a legend. Every bar carries its series,
 * category and value as data attributes and a title (the browser's tooltip).
 */
export function renderBarChart(chart: BarChart): string {
  const format = formatValue[chart.unit];
  const all = chart.series.flatMap((s) => [...s.values, ...(s.highs ?? [])]);
  const max = niceCeiling(Math.max(0, ...all.filter((v) => v !== undefined)));
  const y = (value: number) => round(margin.top + plotHeight - (value / max) * plotHeight);
  const band = plotWidth / Math.max(1, chart.categories.length);
  const barWidth = (band * 0.8) / Math.max(1, chart.series.length);
  // Labels wider than their band are slanted so they do not run into each other.
  const slanted = chart.categories.some((c) => c.length * LABEL_CHAR_WIDTH > band);

  const parts: string[] = [];
  for (let i = 0; i <= TICKS; i++) {
    const value = (max * i) / TICKS;
    parts.push(
      `<line class="grid" x1="${margin.left}" x2="${width - margin.right}" y1="${y(value)}" y2="${y(value)}"/>`,
      `<text class="tick" x="${margin.left - 6}" y="${y(value) + 4}" text-anchor="end">${escapeHtml(format(value))}</text>`,
    );
  }
  chart.categories.forEach((category, c) => {
    const left = margin.left + c * band + band * 0.1;
    const cx = round(margin.left + (c + 0.5) * band);
    const cy = height - margin.bottom + 16;
    parts.push(
      slanted
        ? `<text class="category" x="${cx}" y="${cy}" text-anchor="end" transform="rotate(-18 ${cx} ${cy})">${escapeHtml(category)}</text>`
        : `<text class="category" x="${cx}" y="${cy}" text-anchor="middle">${escapeHtml(category)}</text>`,
    );
    chart.series.forEach((series, s) => {
      const value = series.values[c];
      if (value === undefined) return;
      const x = round(left + s * barWidth);
      const high = series.highs?.[c];
      const label = `${series.name}, ${category}: ${format(value)}${high === undefined ? '' : ` (p95 ${format(high)})`}`;
      const data = `data-series="${escapeHtml(series.name)}" data-category="${escapeHtml(category)}"`;
      parts.push(
        `<rect class="bar" ${data} data-value="${value}" x="${x}" y="${y(value)}" width="${round(barWidth - 2)}" height="${round(y(0) - y(value))}" fill="${palette[s % palette.length]}"><title>${escapeHtml(label)}</title></rect>`,
      );
      if (high !== undefined) {
        parts.push(
          `<line class="high" ${data} data-value="${high}" x1="${x}" x2="${round(x + barWidth - 2)}" y1="${y(high)}" y2="${y(high)}"/>`,
        );
      }
    });
  });
  chart.series.forEach((series, s) => {
    const x = margin.left + s * 170;
    parts.push(
      `<rect class="swatch" x="${x}" y="${height - 22}" width="12" height="12" fill="${palette[s % palette.length]}"/>`,
      `<text class="legend" x="${x + 18}" y="${height - 12}">${escapeHtml(series.name)}</text>`,
    );
  });
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(chart.title)}">${parts.join('')}</svg>`;
}
