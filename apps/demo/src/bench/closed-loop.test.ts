import { describe, expect, it } from 'vitest';
import { closedLoop, summarize } from './closed-loop.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('closedLoop', () => {
  it('keeps `concurrency` calls in flight, warms up first, and counts failures apart', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    const run = await closedLoop(
      async (i) => {
        seen.push(i);
        inFlight++;
        peak = Math.max(peak, inFlight);
        await tick();
        inFlight--;
        if (i % 10 === 9) throw new Error('every tenth fails');
      },
      { concurrency: 4, durationMs: 30, warmup: 8 },
    );
    expect(peak).toBe(4);
    expect(seen.slice(0, 8)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const measured = seen.length - 8;
    expect(run.latencies.length + run.errors).toBe(measured);
    expect(run.errors).toBeGreaterThan(0);
    expect(run.elapsedMs).toBeGreaterThanOrEqual(30);
    expect(run.cpuUs).toBeGreaterThan(0);
  });
});

describe('summarize', () => {
  it('takes runs together: throughput over their total time, percentiles over all latencies', () => {
    const result = summarize(
      { latencies: [1, 2, 3, 4], errors: 1, elapsedMs: 1_000, cpuUs: 300 },
      { latencies: [5, 6, 7, 8, 9, 100], errors: 0, elapsedMs: 1_000, cpuUs: 800 },
    );
    expect(result).toEqual({
      requests: 10,
      errors: 1,
      rps: 5,
      p50Ms: 5,
      p99Ms: 100,
      cpuUsPerCall: 100,
    });
  });

  it('is all zeros without calls', () => {
    expect(summarize({ latencies: [], errors: 0, elapsedMs: 0, cpuUs: 0 })).toEqual({
      requests: 0,
      errors: 0,
      rps: 0,
      p50Ms: 0,
      p99Ms: 0,
      cpuUsPerCall: 0,
    });
  });
});
