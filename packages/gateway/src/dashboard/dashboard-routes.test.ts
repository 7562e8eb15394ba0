import { describe, expect, it } from 'vitest';
import { ACME_KEY, startTestGateway } from '../gateway/gateway-test-setup.js';
import { ADMIN_KEY, adminEnv } from '../keys/admin-test-setup.js';
import type { DashboardData } from './dashboard-data.js';

const start = () => startTestGateway({ env: adminEnv });

const get = (url: string, headers: Record<string, string> = {}) =>
  fetch(url, { headers, redirect: 'manual' });

/** Signs in with `?key=` and returns the session cookie (`name=value`). */
async function signIn(url: string) {
  const res = await get(`${url}/dashboard?key=${encodeURIComponent(ADMIN_KEY)}`);
  expect(res.status).toBe(303);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

describe('dashboard sign-in', () => {
  it('answers a browser without a session with the sign-in page (401)', async () => {
    const { gateway } = await start();
    const res = await get(`${gateway.url}/dashboard`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('<form method="post" action="/dashboard/login">');
  });

  it('refuses a wrong key and a tenant key, on the page and on the data', async () => {
    const { gateway } = await start();
    for (const key of ['llmux-wrong-key-0123456789', ACME_KEY]) {
      const page = await get(`${gateway.url}/dashboard?key=${key}`);
      expect(page.status).toBe(401);
      expect(page.headers.get('set-cookie')).toBeNull();
      const data = await get(`${gateway.url}/dashboard/data`, { authorization: `Bearer ${key}` });
      expect(data.status).toBe(401);
      expect(await data.json()).toMatchObject({ error: { code: 'invalid_api_key' } });
    }
    expect((await get(`${gateway.url}/dashboard/data`)).status).toBe(401);
  });

  it('trades the admin key for an HttpOnly, SameSite=Strict cookie that does not hold it', async () => {
    const { gateway, raw } = await start();
    const res = await get(`${gateway.url}/dashboard?key=${ADMIN_KEY}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/dashboard');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(
      /^llmux_dashboard=\d+\.[\w-]+; Path=\/dashboard; HttpOnly; SameSite=Strict/,
    );
    expect(cookie).not.toContain(ADMIN_KEY);
    const session = cookie.split(';')[0]!;
    const page = await get(`${gateway.url}/dashboard`, { cookie: session });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/dashboard/assets/uPlot.iife.min.js');
    expect((await get(`${gateway.url}/dashboard/data`, { cookie: session })).status).toBe(200);
    expect(raw()).not.toContain(ADMIN_KEY);
  });

  it('signs in through the form too', async () => {
    const { gateway } = await start();
    const post = (key: string) =>
      fetch(`${gateway.url}/dashboard/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ key }),
        redirect: 'manual',
      });
    expect((await post(ACME_KEY)).status).toBe(401);
    const res = await post(ADMIN_KEY);
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toContain('HttpOnly');
  });

  it('ends a session after 12 hours, and refuses a forged one', async () => {
    const { gateway, clock } = await start();
    const session = await signIn(gateway.url);
    const [name, value] = session.split('=') as [string, string];
    const [issued] = value.split('.');
    const forged = `${name}=${Number(issued) + 1000}.${value.split('.')[1]}`;
    expect((await get(`${gateway.url}/dashboard/data`, { cookie: forged })).status).toBe(401);
    await clock.advance(12 * 60 * 60 * 1000);
    expect((await get(`${gateway.url}/dashboard/data`, { cookie: session })).status).toBe(401);
    expect((await get(`${gateway.url}/dashboard`, { cookie: session })).status).toBe(401);
  });

  it('is off without an admin key', async () => {
    const { gateway } = await startTestGateway();
    const res = await get(`${gateway.url}/dashboard?key=${ADMIN_KEY}`);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'dashboard_disabled' } });
  });

  it('serves the page, its script and uPlot from the package', async () => {
    const { gateway } = await start();
    for (const [name, type] of [
      ['uPlot.iife.min.js', 'text/javascript'],
      ['uPlot.min.css', 'text/css'],
      ['dashboard.js', 'text/javascript'],
      ['dashboard.css', 'text/css'],
    ]) {
      const res = await get(`${gateway.url}/dashboard/assets/${name}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      expect((await res.text()).length).toBeGreaterThan(100);
    }
    expect((await get(`${gateway.url}/dashboard/assets/../package.json`)).status).toBe(404);
    expect((await get(`${gateway.url}/dashboard/assets/nope.js`)).status).toBe(404);
  });
});

describe('dashboard data', () => {
  it('shows the traffic, spend, health and latest requests of this process', async () => {
    const { gateway, client } = await start();
    await client.chat.completions.create({
      model: 'auto',
      messages: [{ role: 'user', content: 'A private question' }],
    });
    const res = await get(`${gateway.url}/dashboard/data`, {
      authorization: `Bearer ${ADMIN_KEY}`,
    });
    const text = await res.text();
    expect(text).not.toContain('A private question');
    const data = JSON.parse(text) as DashboardData;
    expect(data.scope).toMatchObject({
      scope: 'process',
      note: expect.stringContaining('No Redis'),
    });
    expect(data.series.times).toHaveLength(60);
    const [target] = data.series.targets;
    expect(target?.total.requests).toBe(1);
    expect(target?.requestsPerSecond.at(-1)).toBe(1);
    expect(data.recent).toHaveLength(1);
    expect(data.recent[0]).toMatchObject({ tenant: 'acme', route_reason: expect.any(String) });
    expect(data.recent[0]!.attempts.length).toBeGreaterThan(0);
    expect(data.health.length).toBeGreaterThan(1);
    expect(data.health.every((h) => h.circuit === 'closed')).toBe(true);
    expect(data.spend.map((s) => s.tenant)).toEqual(['acme', 'globex']);
    expect(data.spend[1]!.budget).toMatchObject({ monthlyBudgetUsd: 0 });
    expect(data.spend[0]!.byModel[0]!.requests).toBe(1);
    expect(data.savings.map((s) => s.lever)).toEqual([
      'routing',
      'response cache',
      'prompt cache',
      'batch',
    ]);
  });
});
