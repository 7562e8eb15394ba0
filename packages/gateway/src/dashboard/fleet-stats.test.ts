import { buildRequestRecord, createManualClock } from '@llmux/core';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisClient } from '../stack/shared-stores.js';
import { createDashboardStats, mergeSummaries } from './dashboard-stats.js';
import { createFleetStats } from './fleet-stats.js';

const START = Date.parse('2026-11-25T10:00:00Z');
let client: RedisClient;
const prefix = `llmux-test-dashboard-${process.pid}-${Date.now()}:`;

beforeAll(async () => {
  client = createClient({ url: 'redis://127.0.0.1:6379' }) as RedisClient;
  await client.connect();
});
afterAll(async () => {
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*` })) {
    if (keys.length > 0) await client.del(keys);
  }
  await client.quit();
});

/** One instance: its stats, its fleet view, and a way to count a request. */
function instance(name: string, clock = createManualClock(START), redis: RedisClient = client) {
  const stats = createDashboardStats({ clock });
  const fleet = createFleetStats({
    stats,
    clock,
    instance: name,
    redis: { client: redis, prefix, timeoutMs: 1000 },
    ttlMs: 5000,
  });
  const request = (tenant: string) =>
    stats.observer({
      type: 'request-end',
      record: buildRequestRecord({
        requestId: `${name}-${tenant}`,
        startedAt: clock.now(),
        latencyMs: 10,
        streamed: false,
        metadata: { tenant },
        error: new Error('down'),
      }),
    });
  return { clock, stats, fleet, request };
}

describe('createFleetStats', () => {
  it('merges the summaries every live instance published to Redis', async () => {
    const clock = createManualClock(START);
    const a = instance('a', clock);
    const b = instance('b', clock);
    a.request('acme');
    b.request('globex');
    b.request('globex');
    await b.fleet.publish();
    const view = await a.fleet.collect();
    expect(view.scope).toBe('fleet');
    expect(view.instances.sort()).toEqual(['a', 'b']);
    const merged = mergeSummaries(view.summaries);
    expect(merged.seconds[START / 1000]?.none?.requests).toBe(3);
    expect(Object.keys(merged.spend).sort()).toEqual(['acme', 'globex']);
    // Each instance publishes every second: b stays in while it runs, and drops out once its
    // last summary is older than the TTL.
    await clock.advance(6000);
    expect((await a.fleet.collect()).instances.sort()).toEqual(['a', 'b']);
    b.fleet.stop();
    await clock.advance(6000);
    await a.fleet.publish();
    expect((await a.fleet.collect()).instances).toEqual(['a']);
    a.fleet.stop();
  });

  it('shows this process alone, and says why, when Redis cannot be read', async () => {
    const closed = createClient({ url: 'redis://127.0.0.1:6379' }) as RedisClient;
    await closed.connect();
    await closed.quit();
    const a = instance('alone', createManualClock(START), closed);
    a.request('acme');
    const view = await a.fleet.collect();
    expect(view).toMatchObject({ scope: 'process', instances: ['alone'] });
    expect(view.note).toMatch(/^Redis cannot be read \(.+\): this process only$/);
    expect(view.summaries).toHaveLength(1);
    a.fleet.stop();
  });
});
