import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { ACME_KEY, env, testConfig } from '../gateway/gateway-test-setup.js';
import { type RunningGateway, startGateway } from '../gateway/start-gateway.js';
import { ADMIN_KEY, adminEnv } from '../keys/admin-test-setup.js';

const OUTPUT = join(import.meta.dirname, '../../test-output');
const WAIT = { timeout: 15_000 };

let browser: Browser;
let gateway: RunningGateway;
let traffic: Promise<void>;
let stopped = false;
let sent = 0;

/** Scripted traffic: two callers in a loop, each question new so the response cache misses. */
async function drive(client: OpenAI) {
  while (!stopped) {
    const n = sent++;
    await client.chat.completions
      .create({ model: 'auto', messages: [{ role: 'user', content: `Status of service ${n}?` }] })
      .catch(() => {});
  }
}

beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  const withEnv = { ...env, ...adminEnv };
  // The real clock: the page polls every second and the circuit opens after 2 failures in a row.
  gateway = await startGateway(
    parseConfig(
      {
        ...testConfig,
        failover: { retry: { maxAttempts: 1 }, breaker: { consecutiveFailures: 2 } },
      },
      withEnv,
    ),
    { env: withEnv, port: 0, logDestination: { write: () => {} } },
  );
  const client = new OpenAI({ apiKey: ACME_KEY, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
  traffic = Promise.all([drive(client), drive(client)]).then(() => {});
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
}, 30_000);

afterAll(async () => {
  stopped = true;
  await traffic;
  await browser?.close();
  await gateway?.stop();
});

/** The numbers a table column shows. */
const column = (page: Page, table: string, index: number) =>
  page.$$eval(`#${table} tbody tr td:nth-child(${index})`, (cells) =>
    cells.map((cell) => Number(cell.textContent)),
  );

/** Whether a chart's canvas has any pixel drawn (run in the page, hence a string). */
const drawn = (page: Page, chart: string): Promise<boolean> =>
  page.evaluate(`(() => {
    const canvas = document.querySelector('#${chart} canvas');
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    return data.some((value, i) => i % 4 === 3 && value > 0);
  })()`);

async function screenshot(page: Page, name: string) {
  const path = join(OUTPUT, `dashboard-${name}.png`);
  await page.screenshot({ path, fullPage: true });
  expect(statSync(path).size).toBeGreaterThan(10_000);
}

describe('the dashboard in a browser', () => {
  it('shows live traffic, health, spend and the latest requests, then an outage', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${gateway.url}/dashboard?key=${ADMIN_KEY}`);
    // The key was traded for a cookie and left the address bar.
    expect(page.url()).toBe(`${gateway.url}/dashboard`);
    expect((await page.context().cookies())[0]).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
    });

    await page.waitForFunction(
      "Number(document.querySelector('#targets tbody td:nth-child(2)')?.textContent) > 3",
      undefined,
      WAIT,
    );
    expect(await page.textContent('#scope')).toContain('This process only');
    expect((await column(page, 'targets', 3)).every((rps) => rps > 0)).toBe(true);
    expect((await column(page, 'targets', 6)).every((p95) => p95 > 0)).toBe(true);
    for (const chart of ['chart-rps', 'chart-errors', 'chart-latency']) {
      expect(await drawn(page, chart)).toBe(true);
    }
    expect(await page.$$eval('#health tbody tr', (rows) => rows.length)).toBe(5);
    expect(await page.$$eval('#health .circuit-closed', (cells) => cells.length)).toBe(5);
    expect(
      await page.$$eval('#spend tbody td:first-child', (c) => c.map((x) => x.textContent)),
    ).toEqual(['acme', 'globex']);
    expect(await page.textContent('#spend tbody tr:first-child td:nth-child(6)')).toMatch(/\$\d/);
    expect(await page.$$eval('#savings tbody tr', (rows) => rows.length)).toBe(4);
    const recent = await page.$$eval('#recent tbody tr', (rows) => rows.length);
    expect(recent).toBeGreaterThan(3);
    expect(recent).toBeLessThanOrEqual(50);
    expect(await page.textContent('#recent tbody tr:first-child td:nth-child(5)')).toMatch(/\w/);
    await screenshot(page, 'live');

    // Claude fails (a 500 on every call): its circuits open and requests fail over, on the page
    // within seconds. (An outage's 529 is a capacity signal, which pauses instead.)
    gateway.stack.simulators.anthropic!.fault({
      fault: { type: 'status', status: 500 },
      times: Infinity,
    });
    await page.waitForSelector('#health td.circuit-open', WAIT);
    await page.waitForFunction(
      `[...document.querySelectorAll('#failovers tbody td:nth-child(3)')]
        .some((cell) => cell.textContent.startsWith('anthropic/'))`,
      undefined,
      WAIT,
    );
    const open = await page.$$eval('#health tbody tr', (rows) =>
      rows
        .filter((row) => row.querySelector('.circuit-open'))
        .map((row) => row.firstElementChild!.textContent),
    );
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((name) => name!.startsWith('anthropic/'))).toBe(true);
    await screenshot(page, 'outage');
  }, 60_000);
});
