import { describe, expect, it } from 'vitest';
import { aggregate } from './aggregate.js';
import { reportCharts } from './chart-data.js';
import { sampleRecords } from './test-records.js';

const chartsOf = (records = sampleRecords()) =>
  Object.fromEntries(
    reportCharts(records, aggregate(records, { byTask: true })).map((c) => [c.id, c]),
  );

describe('reportCharts', () => {
  it('has latency p50 and p95 per task and provider, of requests answered by a call', () => {
    const latency = chartsOf()['latency-by-provider-and-task']!;
    expect(latency.unit).toBe('ms');
    expect(latency.categories).toEqual(['classification', 'code']);
    expect(latency.series).toEqual([
      { name: 'anthropic', values: [600, undefined], highs: [900, undefined] },
      { name: 'openai', values: [1_000, 3_000], highs: [1_000, 4_000] },
    ]);
  });

  it('has the cost of each model', () => {
    const cost = chartsOf()['cost-by-model']!;
    expect(cost.categories).toEqual(['anthropic/claude-haiku-4-5', 'openai/gpt-5']);
    expect(cost.series[0]!.values[0]).toBeCloseTo(0.006, 10);
    expect(cost.series[0]!.values[1]).toBeCloseTo(0.07, 10);
  });

  it('has the cache hit rate of each task', () => {
    const cache = chartsOf()['cache-hit-rate-by-task']!;
    expect(cache.categories).toEqual(['classification', 'code']);
    // classification: 6 + 2 hits + 1 answered by OpenAI (the refused request did not answer).
    expect(cache.series).toEqual([{ name: 'hit rate', values: [2 / 9, 0] }]);
  });

  it("shows provider failures and llmux's own limiter refusals as separate series", () => {
    const failures = chartsOf()['failures-by-kind']!;
    expect(failures.categories).toEqual(['overloaded', 'rate_limited']);
    expect(failures.series).toEqual([
      { name: 'provider failures', values: [1, 0] },
      { name: "llmux's own limits", values: [0, 3] },
    ]);
  });

  it('has no categories for an empty log', () => {
    for (const chart of Object.values(chartsOf([]))) expect(chart.categories).toEqual([]);
  });
});
