import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultCatalog } from '@llmux/core';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRequestLines } from './read-request-log.js';
import { renderHtmlReport } from './render-html-report.js';
import { sampleRecords } from './test-records.js';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it). */
const executablePath = '/usr/bin/chromium';
/** Gitignored: the screenshot is there to look at, not to compare. */
const outputDir = join(import.meta.dirname, '../../test-output');

describe('the HTML report in a browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows every chart with its bars, offline, without console errors', async () => {
    await mkdir(outputDir, { recursive: true });
    const log = await readRequestLines(sampleRecords().map((r) => JSON.stringify(r)));
    const file = join(outputDir, 'sample.report.html');
    await writeFile(
      file,
      renderHtmlReport(log, { source: 'sample.jsonl', catalog: defaultCatalog }),
    );

    const context = await browser.newContext({
      offline: true,
      viewport: { width: 1200, height: 900 },
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    // Anything fetched but the page itself would break "self-contained".
    page.on('request', (request) => {
      if (request.url() !== pathToFileURL(file).href) problems.push(`fetched ${request.url()}`);
    });
    await page.goto(pathToFileURL(file).href);

    const charts = await page.$$eval('section.chart-card', (sections) =>
      sections.map((section) => ({
        id: section.id,
        bars: [...section.querySelectorAll('svg rect.bar')].map((bar) => {
          const box = bar.getBoundingClientRect();
          return {
            value: Number(bar.getAttribute('data-value')),
            height: box.height,
            width: box.width,
          };
        }),
      })),
    );
    expect(charts.map((c) => [c.id, c.bars.length])).toEqual([
      ['latency-by-provider-and-task', 3],
      ['cost-by-model', 2],
      ['cache-hit-rate-by-task', 2],
      ['failures-by-kind', 4],
    ]);
    // Laid out by the browser: a bar with a value has a size, one of 0 is flat.
    for (const { bars } of charts) {
      for (const bar of bars) {
        expect(bar.width).toBeGreaterThan(0);
        expect(bar.height > 0).toBe(bar.value > 0);
      }
    }
    expect(await page.locator('article.suggestion').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(outputDir, 'sample.report.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
