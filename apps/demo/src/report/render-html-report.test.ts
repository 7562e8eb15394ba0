import { defaultCatalog } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { readRequestLines } from './read-request-log.js';
import { renderHtmlReport } from './render-html-report.js';
import { requestRecord, sampleRecords } from './test-records.js';

const htmlOf = async (lines: string[]) =>
  renderHtmlReport(await readRequestLines(lines), { source: 'run.jsonl', catalog: defaultCatalog });

/** The bars of one chart's section: series, category and value of each. */
const barsOf = (html: string, id: string) => {
  const section = html.match(
    new RegExp(`<section class="chart-card" id="${id}">(.*?)</section>`, 's'),
  );
  expect(section, id).not.toBeNull();
  return [
    ...section![1]!.matchAll(
      /class="bar" data-series="([^"]*)" data-category="([^"]*)" data-value="([^"]*)"/g,
    ),
  ].map(([, series, category, value]) => [series, category, Number(value)]);
};

describe('renderHtmlReport', () => {
  const lines = sampleRecords().map((r) => JSON.stringify(r));

  it('has each chart with the values of its series', async () => {
    const html = await htmlOf(lines);
    expect(barsOf(html, 'latency-by-provider-and-task')).toEqual([
      ['anthropic', 'classification', 600],
      ['openai', 'classification', 1_000],
      ['openai', 'code', 3_000],
    ]);
    expect(barsOf(html, 'cost-by-model')).toEqual([
      ['cost', 'anthropic/claude-haiku-4-5', expect.closeTo(0.006, 10)],
      ['cost', 'openai/gpt-5', expect.closeTo(0.07, 10)],
    ]);
    expect(barsOf(html, 'cache-hit-rate-by-task')).toEqual([
      ['hit rate', 'classification', expect.closeTo(2 / 9, 10)],
      ['hit rate', 'code', 0],
    ]);
    expect(barsOf(html, 'failures-by-kind')).toEqual([
      ['provider failures', 'overloaded', 1],
      ['llmux&#39;s own limits', 'overloaded', 0],
      ['provider failures', 'rate_limited', 0],
      ['llmux&#39;s own limits', 'rate_limited', 3],
    ]);
  });

  it('has the totals, the table, and the data as JSON', async () => {
    const html = await htmlOf(lines);
    expect(html).toContain('Request log run.jsonl: 16 requests');
    expect(html).toContain('1 of them refused by llmux&#39;s own limits');
    expect(html).toContain('<th class="right">limit refusals</th>');
    const data = JSON.parse(
      html.match(/<script type="application\/json" id="llmux-report-data">(.*?)<\/script>/s)![1]!,
    );
    expect(data.charts.map((c: { id: string }) => c.id)).toEqual([
      'latency-by-provider-and-task',
      'cost-by-model',
      'cache-hit-rate-by-task',
      'failures-by-kind',
    ]);
  });

  it('puts each suggestion beside the groups it draws on', async () => {
    const slow = (provider: string, model: string, latency: number) =>
      JSON.stringify(
        requestRecord({
          selected_provider: provider,
          model,
          task: 'code',
          latency_ms: latency,
          attempt_log: [],
        }),
      );
    const html = await htmlOf([
      ...Array.from({ length: 6 }, () => slow('anthropic', 'claude-sonnet-4-6', 4_000)),
      ...Array.from({ length: 6 }, () => slow('openai', 'gpt-5', 1_000)),
    ]);
    const article = html.match(
      /<article class="suggestion" data-kind="slower-provider">(.*?)<\/article>/s,
    )![1]!;
    expect(article).toContain('On code tasks anthropic is slower');
    expect(article).toMatch(
      /<td>openai<\/td><td>gpt-5<\/td><td>code<\/td>.*<td class="right">1.00 s<\/td>/,
    );
    expect(article).toMatch(
      /<td>anthropic<\/td><td>claude-sonnet-4-6<\/td><td>code<\/td>.*<td class="right">4.00 s<\/td>/,
    );
  });

  it('is self-contained and escapes what comes from the log', async () => {
    const html = await htmlOf([
      JSON.stringify(requestRecord({ task: '</script><img src=x onerror=alert(1)>' })),
    ]);
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    expect(html).not.toContain('<img');
    expect(html.match(/<\/script>/g)).toHaveLength(1);
  });

  it('says there is nothing to chart in an empty log', async () => {
    const html = await htmlOf([]);
    expect(html).toContain('Request log run.jsonl: 0 requests');
    expect(html).not.toContain('<svg');
  });
});
