import { defaultCatalog, type RequestRecord, scaledClock } from '@llmux/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { aggregate, totalsOf } from '../report/aggregate.js';
import { baselineCost } from '../report/baseline-cost.js';
import { leverSavings } from '../report/lever-savings.js';
import { requestIdOf, runScenario, type ScenarioRun } from './run-scenario.js';

// Real HTTP to the simulators, so real time passes: the scaled clock runs scenario time 25x
// faster (about 150 s of scenario in 6 s), every layer and simulator on it. Not faster: a busy
// event loop's stalls, multiplied by the scale, would spread the burst past its rate window.
let run: ScenarioRun;
let byId: Map<string, RequestRecord>;
const recordOf = (index: number) => byId.get(requestIdOf(run.workload.items[index]!))!;

beforeAll(async () => {
  run = await runScenario({
    seed: 1,
    requests: 100,
    clock: scaledClock(25),
    env: {},
    // The 12-request burst lands within 0.6 s: the router spreads it over the models with room
    // (five candidates), so with 2 calls per model some calls are still refused.
    burstLimit: { requests: 2, windowMs: 5_000 },
  });
  byId = new Map(run.tally.records.map((record) => [record.request_id, record]));
}, 60_000);

describe('runScenario on the simulators', () => {
  it('records every request of the workload once', () => {
    expect(run.tally.records).toHaveLength(100);
    expect(byId.size).toBe(100);
    expect(run.modes).toEqual({ anthropic: 'simulator', openai: 'simulator', gemini: 'simulator' });
    expect(run.outageStaged).toBe(true);
  });

  it('fails over from Claude while it is down, and sends it little meanwhile', () => {
    const { from, to } = run.workload.timeline.outage;
    const during = Array.from({ length: to - from }, (_, i) => recordOf(from + i));
    const movedOff = during.filter(
      (r) =>
        r.failover_attempts > 0 &&
        r.selected_provider !== 'anthropic' &&
        r.attempt_log.some((a) => a.provider === 'anthropic' && a.errorKind === 'overloaded'),
    );
    expect(movedOff.length).toBeGreaterThan(0);
    expect(during.filter((r) => r.error_kind !== null)).toEqual([]);
    // Its 529s say "overloaded": a capacity signal that puts Claude after the others for a
    // while (it is not broken, so no circuit opens), so most requests meanwhile never call it.
    const calledClaude = during.filter((r) =>
      r.attempt_log.some((a) => a.provider === 'anthropic'),
    );
    expect(calledClaude.length).toBeLessThan(during.length / 2);
    // Requests that ended before Claude went down never met the outage (ones in flight may have).
    const downAt = Date.parse(recordOf(from).timestamp);
    const endedBefore = Array.from({ length: from }, (_, i) => recordOf(i)).filter(
      (r) => Date.parse(r.timestamp) + r.latency_ms < downAt,
    );
    expect(endedBefore.length).toBeGreaterThan(0);
    expect(endedBefore.some((r) => r.attempt_log.some((a) => a.errorKind === 'overloaded'))).toBe(
      false,
    );
  });

  it('holds the burst back at the rate limit', () => {
    const burst = run.workload.items.filter((item) => item.burst);
    const limited = burst.filter((item) => run.tally.rateLimitedRequests.has(requestIdOf(item)));
    expect(limited.length).toBeGreaterThan(0);
    const { refused, retryWaits, movedOn } = run.tally.rateLimit;
    expect(refused).toBeGreaterThan(0);
    expect(retryWaits.length + movedOn).toBeGreaterThan(0);
  });

  it('saves at least 70% against all-Sonnet, each lever its part', () => {
    const baseline = baselineCost(run.tally.records, defaultCatalog);
    const spent = run.tally.records.reduce((usd, r) => usd + r.cost_usd, 0);
    const levers = Object.fromEntries(
      leverSavings(run.tally.records, baseline).map(({ lever, savedUsd }) => [lever, savedUsd]),
    );
    expect(1 - spent / baseline).toBeGreaterThanOrEqual(0.7);
    for (const lever of ['routing', 'response cache', 'prompt cache', 'batch']) {
      expect(levers[lever]).toBeGreaterThan(0);
    }
    // The review went out as a batch: its fresh requests were answered at batch prices.
    const review = run.workload.items.filter((item) => item.request.metadata?.priority === 'batch');
    expect(review.some((item) => recordOf(item.index).batch_saved_usd > 0)).toBe(true);
  });

  it('answers repeats from the cache, and only repeats', () => {
    const hits = run.workload.items.filter((item) => recordOf(item.index).cache_hit);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((item) => item.repeatOf !== undefined)).toBe(true);
    for (const item of hits) {
      const hit = recordOf(item.index);
      const original = recordOf(item.repeatOf!);
      expect(hit.cost_usd).toBe(0);
      expect(hit.saved_cost_usd).toBeCloseTo(original.cost_usd, 12);
    }
  });

  it('adds the costs up: per provider and model to the total, the total to the records', () => {
    const sum = run.tally.records.reduce((usd, r) => usd + r.cost_usd, 0);
    const totals = totalsOf(run.tally.records);
    const groups = aggregate(run.tally.records, { byTask: false });
    expect(totals.costUsd).toBeCloseTo(sum, 12);
    expect(groups.reduce((usd, g) => usd + g.costUsd, 0)).toBeCloseTo(sum, 12);
    expect(groups.reduce((n, g) => n + g.requests, 0)).toBe(100);
    expect(sum).toBeGreaterThan(0);
  });
});
