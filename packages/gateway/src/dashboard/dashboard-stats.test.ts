import { buildRequestRecord, createManualClock, type LlmuxEvent } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { createDashboardStats, mergeSummaries, type StatsSummary } from './dashboard-stats.js';

const START = Date.parse('2026-11-25T10:00:00Z');

function setup(
  options: {
    windowSeconds?: number;
    recentLimit?: number;
    maxSeries?: number;
    baselineCostOf?: () => number;
  } = {},
) {
  const clock = createManualClock(START);
  const stats = createDashboardStats({ clock, ...options });
  let n = 0;
  const request = (
    fields: {
      provider?: string;
      model?: string;
      tenant?: string;
      latencyMs?: number;
      error?: boolean;
      cost?: number;
    } = {},
  ) => {
    const { provider = 'openai', model = 'gpt-5', tenant = 'acme', latencyMs = 100 } = fields;
    const record = buildRequestRecord({
      requestId: `req-${++n}`,
      startedAt: clock.now() - latencyMs,
      latencyMs,
      streamed: false,
      metadata: { tenant },
      ...(fields.error
        ? { error: new Error('boom') }
        : {
            response: {
              content: [{ type: 'text', text: 'secret answer' }],
              finishReason: 'stop',
              usage: { inputTokens: 10, outputTokens: 5 },
              costUsd: fields.cost ?? 0.01,
              provider,
              model,
              trace: {
                routeReason: 'rule "default"',
                attempts: [
                  {
                    provider: 'anthropic',
                    model: 'claude',
                    attempt: 1,
                    startedAt: 0,
                    latencyMs: 5,
                    outcome: 'error',
                    errorKind: 'overloaded',
                    status: 529,
                    message: 'upstream said: secret',
                  },
                  { provider, model, attempt: 1, startedAt: 0, latencyMs, outcome: 'success' },
                ],
              },
            },
          }),
    } as Parameters<typeof buildRequestRecord>[0]);
    stats.observer({ type: 'request-end', record });
    return record;
  };
  return { clock, stats, request };
}

const cellsAt = (summary: StatsSummary, ms: number) => summary.seconds[Math.floor(ms / 1000)];

describe('createDashboardStats', () => {
  it('counts requests, errors and latencies per second and target', async () => {
    const { clock, stats, request } = setup();
    request({ latencyMs: 100 });
    request({ latencyMs: 300 });
    request({ provider: 'gemini', model: 'flash', latencyMs: 50 });
    await clock.advance(1000);
    request({ error: true, latencyMs: 20 });
    const summary = stats.summary();
    const first = cellsAt(summary, START)!;
    expect(first['openai/gpt-5']).toMatchObject({ requests: 2, errors: 0 });
    expect(first['gemini/flash']).toMatchObject({ requests: 1, errors: 0 });
    // A request that failed everywhere has no provider: its own series.
    expect(cellsAt(summary, START + 1000)).toMatchObject({ none: { requests: 1, errors: 1 } });
    expect(Object.values(first['openai/gpt-5']!.latency).reduce((a, b) => a + b)).toBe(2);
  });

  it('drops seconds older than the window', async () => {
    const { clock, stats, request } = setup({ windowSeconds: 10 });
    request();
    await clock.advance(9000);
    expect(Object.keys(stats.summary().seconds)).toHaveLength(1);
    await clock.advance(1000);
    expect(stats.summary().seconds).toEqual({});
  });

  it('keeps bounded memory: the window, the series cap and the recent lists', async () => {
    const { clock, stats, request } = setup({ windowSeconds: 5, recentLimit: 3, maxSeries: 4 });
    for (let second = 0; second < 100; second++) {
      for (let i = 0; i < 10; i++) request({ model: `m${i}`, tenant: `t${i}` });
      stats.observer({
        type: 'failover',
        from: { provider: 'a', model: 'x', reason: '' },
        to: { provider: 'b', model: 'y', reason: '' },
        errorKind: 'overloaded',
      } as LlmuxEvent);
      await clock.advance(1000);
    }
    const summary = stats.summary();
    expect(Object.keys(summary.seconds)).toHaveLength(4);
    for (const cells of Object.values(summary.seconds)) {
      expect(Object.keys(cells).sort()).toEqual([
        'openai/m0',
        'openai/m1',
        'openai/m2',
        'openai/m3',
        'other',
      ]);
      expect(cells.other!.requests).toBe(6);
    }
    const pairs = Object.values(summary.spend).flatMap((byModel) => Object.keys(byModel));
    expect(pairs).toHaveLength(5);
    expect(summary.spend.other?.other?.requests).toBe(600);
    expect(summary.recent).toHaveLength(3);
    expect(summary.failovers).toHaveLength(3);
  });

  it('adds up spend by tenant and model and the savings of each lever', () => {
    // Every answered request would have cost $0.10 on the baseline model.
    const { stats, request } = setup({ baselineCostOf: () => 0.1 });
    request({ cost: 0.02 });
    request({ cost: 0.03, tenant: 'globex', model: 'gpt-5-mini' });
    const cached = request({ cost: 0 });
    stats.observer({
      type: 'request-end',
      record: {
        ...cached,
        cache_hit: true,
        saved_cost_usd: 0.5,
        prompt_cache_saved_usd: 0.1,
        batch_saved_usd: 0.2,
      },
    });
    const { spend, savings } = stats.summary();
    expect(spend.acme?.['gpt-5']).toEqual({ costUsd: 0.02, requests: 3 });
    expect(spend.globex?.['gpt-5-mini']).toEqual({ costUsd: 0.03, requests: 1 });
    // Routing: 4 answers × $0.10 at baseline, less the $0.05 spent and the other levers' $0.8.
    expect(savings).toMatchObject({ responseCacheUsd: 0.5, promptCacheUsd: 0.1, batchUsd: 0.2 });
    expect(savings.routingUsd).toBeCloseTo(0.4 - 0.05 - 0.8, 10);
  });

  it('lists the latest requests newest first, with route reason and attempts, without content', () => {
    const { stats, request } = setup();
    request();
    request({ model: 'gpt-5-mini' });
    const [latest] = stats.summary().recent;
    expect(latest).toMatchObject({
      request_id: 'req-2',
      model: 'gpt-5-mini',
      route_reason: 'rule "default"',
      attempts: [
        { provider: 'anthropic', outcome: 'error', errorKind: 'overloaded', status: 529 },
        { provider: 'openai', outcome: 'success' },
      ],
    });
    const text = JSON.stringify(stats.summary());
    expect(text).not.toContain('secret');
  });

  it('records failovers with their reason', () => {
    const { stats } = setup();
    stats.observer({
      type: 'failover',
      requestId: 'req-9',
      from: { provider: 'anthropic', model: 'claude', deployment: 'eu', reason: '' },
      to: { provider: 'openai', model: 'gpt-5', reason: '' },
      errorKind: 'server_error',
    });
    expect(stats.summary().failovers).toEqual([
      {
        at: START,
        requestId: 'req-9',
        from: 'anthropic/claude via eu',
        to: 'openai/gpt-5',
        errorKind: 'server_error',
      },
    ]);
  });

  it('hands out copies that later traffic does not change', () => {
    const { stats, request } = setup();
    request();
    const before = stats.summary();
    request();
    expect(cellsAt(before, START)!['openai/gpt-5']!.requests).toBe(1);
  });
});

describe('mergeSummaries', () => {
  it('adds up the cells, spend and savings of several processes and merges their lists', async () => {
    const one = setup();
    const two = setup();
    one.request({ latencyMs: 10 });
    await two.clock.advance(1000);
    two.request({ latencyMs: 1000 });
    two.request({ latencyMs: 1000, error: true, tenant: 'globex' });
    const merged = mergeSummaries([one.stats.summary(), two.stats.summary()], 2);
    expect(cellsAt(merged, START)!['openai/gpt-5']!.requests).toBe(1);
    expect(cellsAt(merged, START + 1000)).toMatchObject({
      'openai/gpt-5': { requests: 1, errors: 0 },
      none: { requests: 1, errors: 1 },
    });
    expect(merged.spend.acme?.['gpt-5']?.requests).toBe(2);
    expect(merged.recent.map((r) => r.tenant)).toEqual(['globex', 'acme']);
    expect(merged.at).toBe(START + 1000);
  });
});
