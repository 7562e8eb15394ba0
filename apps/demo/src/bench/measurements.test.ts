import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatorProcess, startSimulatorProcess } from './bench-servers.js';
import { benchCacheHits } from './cache-hit-bench.js';
import { benchInProcess } from './in-process-bench.js';
import { benchLayerCosts } from './layer-cost-bench.js';
import { benchMemory } from './memory-bench.js';
import { benchRedisLimiter } from './redis-limiter-bench.js';

// The measurements themselves, run very briefly: they work and report sane numbers.
const brief = { concurrency: 4, durationMs: 100, warmup: 8 };
let simulator: SimulatorProcess;
beforeAll(async () => {
  simulator = await startSimulatorProcess();
});
afterAll(() => simulator.stop());

describe('bench measurements', () => {
  it('compares the stack with the SDK alone on the same simulator', async () => {
    const result = await benchInProcess(simulator.url, brief);
    expect(result.direct.requests).toBeGreaterThan(0);
    expect(result.stack.requests).toBeGreaterThan(0);
    expect(result.direct.errors + result.stack.errors).toBe(0);
    expect(result.ratio).toBeCloseTo(result.stack.rps / result.direct.rps, 10);
  });

  it('prices each layer of the stack in CPU per call, from the SDK alone to the whole stack', async () => {
    const result = await benchLayerCosts({ ...brief, rounds: 2 });
    expect(result.layers.map((row) => row.layer)).toEqual([
      'Anthropic SDK alone',
      '+ adapter (provider-claude)',
      '+ rate limiter',
      '+ failover (route pinned to Claude Haiku)',
      '+ router (plans the route)',
      '+ cache (a miss, the answer stored)',
      '+ observe: the whole stack',
    ]);
    for (const [i, row] of result.layers.entries()) {
      expect(row.cpuUsPerCall).toBeGreaterThan(0);
      expect(row.addedUs).toBeCloseTo(
        i ? row.cpuUsPerCall - result.layers[i - 1]!.cpuUsPerCall : 0,
      );
    }
  });

  it('measures cache hits through the stack', async () => {
    const result = await benchCacheHits(simulator.url, brief);
    expect(result.requests).toBeGreaterThan(0);
    expect(result.errors).toBe(0);
  });

  it('measures the rate limiter on Redis, or says there is none', async () => {
    const result = await benchRedisLimiter(
      process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      brief,
    );
    expect(result?.requests).toBeGreaterThan(0);
    expect(result?.errors).toBe(0);
    expect(await benchRedisLimiter('redis://127.0.0.1:1', brief)).toBeUndefined();
  });

  it('measures memory after a number of requests, and its growth over the last half', async () => {
    const result = await benchMemory(simulator.url, 200);
    expect(result.requests).toBe(200);
    expect(result.rssMiB).toBeGreaterThan(result.heapUsedMiB);
    expect(Number.isFinite(result.heapGrowthMiB)).toBe(true);
  });
}, 20_000);
