import { describe, expect, it } from 'vitest';
import type { BarChart } from './chart-data.js';
import { renderBarChart } from './svg-bar-chart.js';

const chart: BarChart = {
  id: 'latency',
  title: 'Latency',
  caption: '',
  unit: 'ms',
  categories: ['code', '<b>chat</b>'],
  series: [
    { name: 'anthropic', values: [1_000, undefined], highs: [1_500, undefined] },
    { name: 'openai', values: [2_000, 400] },
  ],
};

const bars = (svg: string) =>
  [
    ...svg.matchAll(
      /<rect class="bar" data-series="([^"]*)" data-category="([^"]*)" data-value="([^"]*)" x="[^"]*" y="([^"]*)" width="[^"]*" height="([^"]*)"/g,
    ),
  ].map(([, series, category, value, y, height]) => ({
    series,
    category,
    value: Number(value),
    y: Number(y),
    height: Number(height),
  }));

describe('renderBarChart', () => {
  const svg = renderBarChart(chart);

  it('draws a bar per series and category with a value, and none where there is none', () => {
    expect(bars(svg).map(({ series, category, value }) => [series, category, value])).toEqual([
      ['anthropic', 'code', 1_000],
      ['openai', 'code', 2_000],
      ['openai', '&lt;b&gt;chat&lt;/b&gt;', 400],
    ]);
  });

  it('scales bars to a round axis maximum, from a common baseline', () => {
    const [anthropic, openai, chat] = bars(svg);
    // The axis goes to 2 s: the 2 s bar fills the plot, the 1 s bar half of it.
    expect(openai!.height).toBeCloseTo(2 * anthropic!.height, 0);
    expect(anthropic!.y + anthropic!.height).toBeCloseTo(openai!.y + openai!.height, 1);
    expect(chat!.height).toBeCloseTo(openai!.height / 5, 0);
    expect(svg).toContain('>2.00 s</text>');
  });

  it('marks the p95 above its bar and says both in the tooltip', () => {
    expect(svg).toMatch(
      /<line class="high" data-series="anthropic" data-category="code" data-value="1500"/,
    );
    expect(svg).toContain('<title>anthropic, code: 1.00 s (p95 1.50 s)</title>');
  });

  it('escapes names, which come from the log', () => {
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('<text class="legend" x="264" y="288">openai</text>');
  });
});
